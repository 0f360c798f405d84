namespace LogAnalyzer.Impact;

/// <summary>Which failing entries an impact is measured over: a time range, optionally narrowed to one endpoint, error code or pattern.</summary>
/// <param name="From">The range's start.</param>
/// <param name="To">Its end (excluded).</param>
public sealed record ImpactQuery(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Only entries on this endpoint (exact).</summary>
    public string? Endpoint { get; init; }

    /// <summary>Only entries with this error code (exact).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Only entries of this pattern (and the patterns merged into it).</summary>
    public string? PatternId { get; init; }

    /// <summary>The lowest level counted. Default: <see cref="LogEntryLevel.Error"/>.</summary>
    public LogEntryLevel MinimumLevel { get; init; } = LogEntryLevel.Error;

    /// <summary>Only entries with a response time of at least this many milliseconds.</summary>
    public double? MinimumResponseTime { get; init; }
}
