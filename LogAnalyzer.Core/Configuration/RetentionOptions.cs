namespace LogAnalyzer;

/// <summary>
/// The daily cleanup of old entries (<c>LogAnalyzer:Retention</c>), as the seed's 03:00 job. Resolved alerts follow
/// <see cref="AlertOptions.Retention"/>; on MongoDB entries expire through a TTL index instead.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Whether old entries and old resolved alerts are deleted. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long entries are kept, on SQLite and on MongoDB (its TTL index follows it). Default: 7 days.</summary>
    public TimeSpan Entries { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The time of day the cleanup runs, in the host's local time zone. Default: 03:00.</summary>
    public TimeOnly RunAt { get; set; } = new(3, 0);

    /// <summary>How often the cleanup runs, counted from <see cref="RunAt"/>. Default: 1 day.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How many entries one transaction deletes; ingestion writes between two of them, so a large cleanup never holds
    /// it up for long. Default: 1,000.
    /// </summary>
    public int BatchSize { get; set; } = 1_000;
}
