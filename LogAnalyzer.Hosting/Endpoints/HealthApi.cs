using LogAnalyzer.Ai;
using LogAnalyzer.Hosting;
using LogAnalyzer.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary><c>GET /health</c>: the seed's status, uptime, Cerebras configuration and memory, plus the queue, the language model and Redis when used.</summary>
internal sealed class HealthApi(ILogPipeline pipeline, LogAnalyzerRuntime runtime, IOptions<LogAnalyzerOptions> options, LanguageModel model, Hosting.Queue.RedisQueueServices redisQueue, IServiceProvider services)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        // LogAnalyzer's own checks (tagged), as any MapHealthChecks of the app sees them.
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(
            r => r.Tags.Contains(Hosting.Health.HealthRegistration.Tag), cancellationToken);
        var queue = pipeline.Stats;
        var gc = GC.GetGCMemoryInfo();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var rss = process.WorkingSet64;
        var heapUsed = GC.GetTotalMemory(forceFullCollection: false);
        // Before the first collection the GC reports no committed size; the live heap is then the best figure.
        var heapTotal = Math.Max(gc.TotalCommittedBytes, heapUsed);

        // UNHEALTHY (503, so load balancers notice): the store refuses writes. DEGRADED (200): the API still answers.
        var (status, code) = report.Status switch
        {
            HealthStatus.Unhealthy => ("UNHEALTHY", StatusCodes.Status503ServiceUnavailable),
            HealthStatus.Degraded => ("DEGRADED", StatusCodes.Status200OK),
            _ => ("OK", StatusCodes.Status200OK),
        };
        return TypedResults.Json(
            new
            {
                status,
                uptime = Math.Round(runtime.Uptime.TotalSeconds, 3),
                cerebrasApiConfigured = options.Value.Ai.IsConfigured,
                memory = new
                {
                    rss,
                    heapTotal,
                    heapUsed,
                    external = Math.Max(0, rss - heapTotal),
                },
                queue = new { waiting = queue.Waiting, capacity = queue.Capacity, dropped = queue.Dropped, failed = queue.Failed },
                ai = new
                {
                    provider = model.Provider,
                    model = model.IsConfigured && model.Provider == "cerebras" ? model.Options.Model : null,
                    tokensThisMinute = model.Budget?.Spent.Minute ?? 0,
                    tokensToday = model.Budget?.Spent.Day ?? 0,
                },
                redis = options.Value.Redis.Configuration is null
                    ? null
                    : new { configured = true, connected = Connected(report, Hosting.Health.RedisHealthCheck.Name), queue = redisQueue.Enabled ? new { fallingBack = redisQueue.FallingBack } : null },
                mongoDb = options.Value.MongoDb.ConnectionString is null
                    ? null
                    : new { configured = true, connected = Connected(report, Hosting.Health.MongoHealthCheck.Name) },
                checks = report.Entries.ToDictionary(
                    e => e.Key.StartsWith("loganalyzer-", StringComparison.Ordinal) ? e.Key["loganalyzer-".Length..] : e.Key,
                    e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            },
            ApiJson.Options,
            statusCode: code);
    }

    /// <summary>What a connection check reported, so the summary and the check never disagree.</summary>
    private static bool Connected(HealthReport report, string check) =>
        report.Entries.TryGetValue(check, out var entry) && entry.Data.TryGetValue("connected", out var up) && up is true;
}
