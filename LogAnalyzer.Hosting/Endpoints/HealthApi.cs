using LogAnalyzer.Ai;
using LogAnalyzer.Hosting;
using LogAnalyzer.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary><c>GET /health</c>: the seed's status, uptime, Cerebras configuration and memory, plus the queue, the language model and Redis when used.</summary>
internal sealed class HealthApi(ILogPipeline pipeline, LogAnalyzerRuntime runtime, IOptions<LogAnalyzerOptions> options, LanguageModel model, Hosting.Queue.RedisQueueServices redisQueue, IServiceProvider services)
{
    public IResult Get()
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

        // Producers storing locally means this instance's entries bypass the fleet's queue until Redis takes them again.
        degraded |= redisQueue.FallingBack;
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
                redis = redis is null
                    ? null
                    : new { configured = true, connected = redis.IsConnected, queue = redisQueue.Enabled ? new { fallingBack = redisQueue.FallingBack } : null },
            },
            ApiJson.Options);
    }
}
