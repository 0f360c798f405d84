using LogAnalyzer.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Health;

/// <summary>The ingestion queue: degraded when it is nearly full, overloaded, or has dropped entries lately.</summary>
internal sealed class QueueHealthCheck(ILogPipeline pipeline, IOptions<LogAnalyzerOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "loganalyzer-queue";

    private readonly Lock _gate = new();
    private long _droppedSeen;
    private DateTimeOffset? _lastDrop;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stats = pipeline.Stats;
        var now = time.GetUtcNow();
        long newlyDropped;
        DateTimeOffset? lastDrop;
        lock (_gate)
        {
            newlyDropped = stats.Dropped - _droppedSeen;
            _droppedSeen = stats.Dropped;
            if (newlyDropped > 0)
            {
                _lastDrop = now;
            }

            lastDrop = _lastDrop;
        }

        var data = new Dictionary<string, object> { ["waiting"] = stats.Waiting, ["capacity"] = stats.Capacity, ["dropped"] = stats.Dropped, ["overloaded"] = stats.Overloaded };
        if (stats.Waiting >= stats.Capacity * 9L / 10)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The queue is {stats.Waiting * 100 / Math.Max(1, stats.Capacity)}% full: logging sinks are about to drop entries.", data: data));
        }

        if (stats.Overloaded)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Overloaded: events are logged faster than they are stored, so logged events are admitted only while fewer than {Math.Min(options.Value.Pipeline.OverloadCapacity, stats.Capacity)} entries wait (LogAnalyzer:Pipeline:OverloadCapacity); {stats.Dropped} entries dropped since start.", data: data));
        }

        if (lastDrop is { } at && now - at < options.Value.Health.DropsReportedFor)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{stats.Dropped} entries dropped since start ({newlyDropped} since the previous check): the queue was full, overloaded or stopping.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{stats.Waiting} of {stats.Capacity} queued.", data));
    }
}
