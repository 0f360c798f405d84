namespace LogAnalyzer.Anomalies;

/// <summary>
/// Scores each entry in [0, 1] from independent signals, each with a weight, combined as a probabilistic OR
/// (1 − Π(1 − w)): one weak signal never makes an anomaly, several or one strong one do. Runs on the pipeline's
/// single writer, so its state needs no locks; every window is measured with the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AnomalyScorer(AnomalyOptions options, TimeProvider time)
{
    private const int MaxTracked = 20_000;
    private const int MinBaselineMinutes = 5;
    private const int MinLatencySamples = 50;
    private const int MinSpikeErrors = 5;

    private readonly long _started = time.GetTimestamp();
    private readonly Dictionary<string, PatternStats> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndpointStats> _endpoints = new(StringComparer.Ordinal);
    private readonly HashSet<string> _errorCodes = new(StringComparer.Ordinal);
    private readonly List<(string Reason, double Weight)> _signals = [];
    private long _total;

    /// <summary>Scores the entry and sets its score, anomaly flag and reasons.</summary>
    /// <param name="entry">The entry, with its pattern already assigned.</param>
    /// <param name="patternId">The entry's pattern.</param>
    /// <param name="isNewPattern">Whether the miner created the pattern for this entry.</param>
    public void Score(LogEntry entry, string patternId, bool isNewPattern)
    {
        _signals.Clear();
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var learning = time.GetElapsedTime(_started) < options.LearningPeriod;
        var failed = entry.Level >= LogEntryLevel.Error;
        _total++;

        LevelSignal(entry.Level);
        PatternSignals(patternId, isNewPattern && !learning, failed, minute);
        if (entry.Endpoint is { } endpoint)
        {
            EndpointSignals(endpoint, failed, entry.ResponseTime, minute);
            if (failed && IsCritical(endpoint))
            {
                _signals.Add((AnomalyReasons.CriticalEndpoint, 0.35));
            }
        }

        if (entry.ErrorCode is { } code && !_errorCodes.Contains(code))
        {
            Bound(_errorCodes);
            _errorCodes.Add(code);
            if (!learning)
            {
                _signals.Add((AnomalyReasons.NewErrorCode, 0.4));
            }
        }

        var keep = 1.0;
        var reasons = new string[_signals.Count];
        for (var i = 0; i < _signals.Count; i++)
        {
            keep *= 1 - _signals[i].Weight;
            reasons[i] = _signals[i].Reason;
        }

        entry.AnomalyScore = Math.Round(1 - keep, 3);
        entry.IsAnomaly = entry.AnomalyScore >= options.Threshold;
        entry.AnomalyReasons = reasons;
    }

    private static void Bound<TKey, TValue>(Dictionary<TKey, TValue> map)
        where TKey : notnull
    {
        // A crude bound: when too many keys are tracked, start learning afresh rather than grow without limit.
        if (map.Count >= MaxTracked)
        {
            map.Clear();
        }
    }

    private static void Bound(HashSet<string> set)
    {
        if (set.Count >= MaxTracked)
        {
            set.Clear();
        }
    }

    private void LevelSignal(LogEntryLevel level)
    {
        var weight = level switch
        {
            LogEntryLevel.Critical => 0.55,
            LogEntryLevel.Error => 0.35,
            LogEntryLevel.Warning => 0.1,
            _ => 0,
        };
        if (weight > 0)
        {
            _signals.Add((AnomalyReasons.Level, weight));
        }
    }

    private void PatternSignals(string patternId, bool isNew, bool failed, long minute)
    {
        if (!_patterns.TryGetValue(patternId, out var stats))
        {
            Bound(_patterns);
            stats = new PatternStats();
            _patterns[patternId] = stats;
        }

        stats.Count++;
        stats.Rate.Add(minute, 1, options.BaselineWeight);
        if (isNew)
        {
            _signals.Add((AnomalyReasons.NewPattern, failed ? 0.55 : 0.3));
        }
        else if (_total >= 1000 && stats.Count <= _total * options.RareShare)
        {
            _signals.Add((AnomalyReasons.RarePattern, 0.2));
        }

        if (stats.Rate.MinutesSeen >= MinBaselineMinutes)
        {
            // Counts per minute are roughly Poisson: allow four standard deviations, and a floor of ten events.
            var sigma = Math.Sqrt(Math.Max(stats.Rate.Variance, stats.Rate.Baseline));
            var limit = stats.Rate.Baseline + (4 * sigma) + 10;
            if (stats.Rate.Current > limit)
            {
                _signals.Add((AnomalyReasons.PatternSpike, stats.Rate.Current > 3 * limit ? 0.7 : 0.5));
            }
        }
    }

    private void EndpointSignals(string endpoint, bool failed, double? responseTime, long minute)
    {
        if (!_endpoints.TryGetValue(endpoint, out var stats))
        {
            Bound(_endpoints);
            stats = new EndpointStats();
            _endpoints[endpoint] = stats;
        }

        stats.Requests.Add(minute, 1, options.BaselineWeight);
        stats.Errors.Add(minute, failed ? 1 : 0, options.BaselineWeight);
        if (failed && stats.Requests.MinutesSeen >= MinBaselineMinutes && stats.Errors.Current >= MinSpikeErrors)
        {
            var usual = stats.Requests.Baseline > 0 ? stats.Errors.Baseline / stats.Requests.Baseline : 0;
            var now = stats.Errors.Current / stats.Requests.Current;
            if (now > Math.Max(2 * usual, usual + 0.1))
            {
                _signals.Add((AnomalyReasons.EndpointErrorSpike, 0.5));
            }
        }

        if (responseTime is { } rt)
        {
            if (stats.Latency.Count >= MinLatencySamples)
            {
                var p99 = Math.Max(stats.Latency.Value, 1);
                if (rt > 1.5 * p99 && rt - p99 > 50)
                {
                    // The further above the usual worst case, the stronger: five times p99 alone makes an anomaly.
                    _signals.Add((AnomalyReasons.LatencyOutlier, Math.Min(0.8, 0.3 + (0.1 * ((rt / p99) - 1)))));
                }
            }

            stats.Latency.Add(rt);
        }
    }

    private bool IsCritical(string endpoint)
    {
        foreach (var critical in options.CriticalEndpoints)
        {
            if (endpoint.Contains(critical, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class PatternStats
    {
        public long Count { get; set; }

        public MinuteRate Rate { get; } = new();
    }

    private sealed class EndpointStats
    {
        public MinuteRate Requests { get; } = new();

        public MinuteRate Errors { get; } = new();

        public StreamingQuantile Latency { get; } = new(0.99);
    }
}
