using LogAnalyzer.Ai;
using LogAnalyzer.Hosting;
using LogAnalyzer.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary><c>GET /health</c>: the seed's status, uptime, Cerebras configuration and memory, plus the queue, the language model, and Redis and MongoDB when used.</summary>
internal sealed class HealthApi(ILogPipeline pipeline, LogAnalyzerRuntime runtime, IOptions<LogAnalyzerOptions> options, LanguageModel model, IServiceProvider services, TimeProvider time)
{
    /// <summary>How long the MongoDB ping may take before the store counts as down.</summary>
    internal static readonly TimeSpan MongoPingTimeout = TimeSpan.FromSeconds(2);

    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        var queue = pipeline.Stats;
        var gc = GC.GetGCMemoryInfo();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var rss = process.WorkingSet64;
        var heapUsed = GC.GetTotalMemory(forceFullCollection: false);
        // Before the first collection the GC reports no committed size; the live heap is then the best figure.
        var heapTotal = Math.Max(gc.TotalCommittedBytes, heapUsed);
        // DEGRADED: the queue is nearly full, so sinks are about to drop; the API still answers.
        var degraded = queue.Waiting >= queue.Capacity * 9L / 10;

        // Redis only when configured (resolving the connection connects it); unreachable Redis means the fleet's
        // periodic jobs are skipped, so the instance is DEGRADED.
        var redis = options.Value.Redis.Configuration is null
            ? null
            : services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        degraded |= redis is { IsConnected: false };

        // MongoDB only when configured: a ping with a short timeout. While it is down, entries wait in the queue
        // (and the pipeline retries), so the instance is DEGRADED.
        bool? mongoConnected = options.Value.MongoDb.ConnectionString is null
            ? null
            : await services.GetRequiredService<LogAnalyzer.Storage.Mongo.MongoLogStore>().PingAsync(MongoPingTimeout, time, cancellationToken);
        degraded |= mongoConnected is false;
        return TypedResults.Json(
            new
            {
                status = degraded ? "DEGRADED" : "OK",
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
                redis = redis is null ? null : new { configured = true, connected = redis.IsConnected },
                mongoDb = mongoConnected is { } connected ? new { configured = true, connected } : null,
            },
            ApiJson.Options);
    }
}
