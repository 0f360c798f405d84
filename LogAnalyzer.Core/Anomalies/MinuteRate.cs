namespace LogAnalyzer.Anomalies;

/// <summary>
/// Counts events in per-minute buckets and keeps an exponentially weighted baseline of past minutes' counts (and
/// of their variance), so the current minute can be compared with what is usual.
/// </summary>
internal sealed class MinuteRate
{
    private long _minute = long.MinValue;
    private int _minutesSeen;

    public double Current { get; private set; }

    public double Baseline { get; private set; }

    public double Variance { get; private set; }

    /// <summary>How many whole minutes the baseline has learned from.</summary>
    public int MinutesSeen => _minutesSeen;

    /// <summary>Adds <paramref name="amount"/> to the bucket of <paramref name="minute"/>, closing older buckets into the baseline.</summary>
    public void Add(long minute, double amount, double weight)
    {
        Roll(minute, weight);
        Current += amount;
    }

    /// <summary>Closes buckets up to <paramref name="minute"/>: each past minute (empty ones too) updates the baseline.</summary>
    public void Roll(long minute, double weight)
    {
        if (_minute == long.MinValue)
        {
            _minute = minute;
            return;
        }

        // Minutes with no events count as zeros, up to the point where the baseline has decayed anyway.
        var elapsed = Math.Min(minute - _minute, 120);
        for (var i = 0; i < elapsed; i++)
        {
            var value = i == 0 ? Current : 0;
            var deviation = value - Baseline;
            Baseline = _minutesSeen == 0 ? value : Baseline + (weight * deviation);
            Variance = _minutesSeen == 0 ? 0 : (1 - weight) * (Variance + (weight * deviation * deviation));
            _minutesSeen++;
        }

        if (minute > _minute)
        {
            _minute = minute;
            Current = 0;
        }
    }
}
