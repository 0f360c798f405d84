using System.Diagnostics.Metrics;

namespace LogAnalyzer.Diagnostics;

/// <summary>The instruments on the <c>LogAnalyzer</c> meter.</summary>
internal sealed class LogAnalyzerMetrics : IDisposable
{
    /// <summary>The meter's name: <c>LogAnalyzer</c>.</summary>
    public const string MeterName = "LogAnalyzer";

    private readonly Meter _meter;

    private readonly bool _ownsMeter;
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _writeFailures;
    private readonly Histogram<double> _batchWriteDuration;
    private readonly Counter<long> _aiCalls;
    private readonly Counter<long> _aiTokens;
    private readonly Histogram<double> _aiCallDuration;
    private readonly Counter<long> _aiBudgetSkips;
    private readonly Counter<long> _alertChanges;
    private readonly Counter<long> _alertNotifications;
    private readonly Counter<long> _queueEntries;
    private readonly Counter<long> _retentionDeleted;
    private Func<long> _queueDepth = static () => 0;
    private Func<long> _patternEvictions = static () => 0;

    /// <summary>Creates the instruments on a meter from the host's factory, or on a meter of their own without one.</summary>
    public LogAnalyzerMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _ingested = _meter.CreateCounter<long>("loganalyzer.entries.ingested", "{entry}", "Entries committed to the store.");
        _dropped = _meter.CreateCounter<long>("loganalyzer.entries.dropped", "{entry}", "Entries not stored: refused by a full or stopped queue, or left at shutdown.");
        _writeFailures = _meter.CreateCounter<long>("loganalyzer.store.write_failures", "{batch}", "Store writes that failed and were retried.");
        _batchWriteDuration = _meter.CreateHistogram<double>("loganalyzer.batch.write.duration", "s", "Time to commit one batch to the store.");
        _aiCalls = _meter.CreateCounter<long>("loganalyzer.ai.calls", "{call}", "Calls to the language model, by outcome.");
        _aiTokens = _meter.CreateCounter<long>("loganalyzer.ai.tokens", "{token}", "Tokens the language model reported using, by kind (input, output).");
        _aiCallDuration = _meter.CreateHistogram<double>("loganalyzer.ai.call.duration", "s", "Time a call to the language model took, retries included.");
        _aiBudgetSkips = _meter.CreateCounter<long>("loganalyzer.ai.budget_skips", "{call}", "Calls not made because the token budget (per minute or per day) was spent.");
        _alertChanges = _meter.CreateCounter<long>("loganalyzer.alerts.changes", "{change}", "Alert changes, by change (raised, reopened, escalated, acknowledged, cleared, resolved) and severity.");
        _alertNotifications = _meter.CreateCounter<long>("loganalyzer.alerts.notifications", "{notification}", "Alert notifications, by outcome (sent, failed, dropped).");
        _queueEntries = _meter.CreateCounter<long>("loganalyzer.redis_queue.entries", "{entry}", "Entries through the Redis stream, by outcome (forwarded, fallback, stored, dead_lettered, claimed).");
        _retentionDeleted = _meter.CreateCounter<long>("loganalyzer.retention.deleted", "{entry}", "Entries deleted by the retention cleanup.");
        _meter.CreateObservableGauge("loganalyzer.queue.depth", () => _queueDepth(), "{entry}", "Entries waiting in the ingestion queue.");
        _meter.CreateObservableCounter("loganalyzer.patterns.evicted", () => _patternEvictions(), "{pattern}", "Patterns evicted from memory by the MaxPatterns bound.");
    }

    /// <summary>The meter the instruments are on.</summary>
    public Meter Meter => _meter;

    /// <summary>Reports the queue depth through the given callback.</summary>
    public void ObserveQueueDepth(Func<long> queueDepth) => _queueDepth = queueDepth;

    /// <summary>Reports the template miner's evictions through the given callback.</summary>
    public void ObservePatterns(Func<long> evictions) => _patternEvictions = evictions;

    public void Ingested(int count) => _ingested.Add(count);

    public void Dropped(long count, string reason) => _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void WriteFailed() => _writeFailures.Add(1);

    public void BatchWritten(TimeSpan duration) => _batchWriteDuration.Record(duration.TotalSeconds);

    public void AiCall(string outcome, string? model, TimeSpan duration)
    {
        _aiCalls.Add(1, new("outcome", outcome), new("model", model));
        _aiCallDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("model", model));
    }

    public void AiTokens(long input, long output, string? model)
    {
        _aiTokens.Add(input, new("kind", "input"), new("model", model));
        _aiTokens.Add(output, new("kind", "output"), new("model", model));
    }

    public void AlertChanged(string change, string severity) =>
        _alertChanges.Add(1, new KeyValuePair<string, object?>("change", change), new KeyValuePair<string, object?>("severity", severity));

    public void AlertNotification(string outcome) => _alertNotifications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RedisQueue(string outcome, long count) => _queueEntries.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void RetentionDeleted(long count) => _retentionDeleted.Add(count);

    public void AiBudgetSkipped(string window) => _aiBudgetSkips.Add(1, new KeyValuePair<string, object?>("window", window));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
