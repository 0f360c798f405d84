namespace LogAnalyzer.Insights;

/// <summary>
/// Entries per time bucket of given patterns, for the trending sparklines. The SQLite store answers from its
/// per-minute rollups; a store without it leaves the sparklines out of <c>GET /api/ai/trending</c>.
/// </summary>
internal interface IPatternSeriesSource
{
    /// <summary>
    /// The counts of each pattern (merged patterns counted under the one they merged into) in <paramref name="buckets"/>
    /// equal buckets from <paramref name="periodStart"/> to <paramref name="periodEnd"/>, oldest first; a pattern without
    /// entries in the period is absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, long[]>> GetPatternSeriesAsync(IReadOnlyCollection<string> patternIds, DateTimeOffset periodStart, DateTimeOffset periodEnd, int buckets, CancellationToken cancellationToken);
}
