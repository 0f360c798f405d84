namespace LogAnalyzer.Impact;

/// <summary>Who and what the matching entries touched.</summary>
/// <param name="AffectedLogs">Matching entries.</param>
/// <param name="AffectedUsers">Distinct users among them.</param>
/// <param name="AffectedSessions">Distinct sessions among them.</param>
/// <param name="Cities">Their cities, the most frequent first (at most 10).</param>
/// <param name="Endpoints">Per endpoint: entries and distinct sessions, the most entries first.</param>
/// <param name="ErrorCodes">Their error codes, the most frequent first (at most 10).</param>
/// <param name="PatternIds">Their patterns, the most frequent first (at most 10).</param>
/// <param name="FirstSeen">The earliest matching entry, or <see langword="null"/> without any.</param>
/// <param name="LastSeen">The latest.</param>
public sealed record FailureImpact(
    long AffectedLogs,
    long AffectedUsers,
    long AffectedSessions,
    IReadOnlyList<string> Cities,
    IReadOnlyList<EndpointImpact> Endpoints,
    IReadOnlyList<string> ErrorCodes,
    IReadOnlyList<string> PatternIds,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen)
{
    /// <summary>No entries matched.</summary>
    public static FailureImpact None { get; } = new(0, 0, 0, [], [], [], [], null, null);
}

/// <summary>One endpoint's share of an impact.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Entries">Matching entries on it.</param>
/// <param name="Sessions">Distinct sessions among them.</param>
public sealed record EndpointImpact(string Endpoint, long Entries, long Sessions);
