using LogAnalyzer.Ai;
using LogAnalyzer.Hosting;
using LogAnalyzer.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary><c>GET /health</c>: the seed's status, uptime, Cerebras configuration and memory, plus the queue and the language model.</summary>
internal sealed class HealthApi(ILogPipeline pipeline, LogAnalyzerRuntime runtime, IOptions<LogAnalyzerOptions> options, LanguageModel model)
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
            },
            ApiJson.Options);
    }
}
