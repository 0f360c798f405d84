using LogAnalyzer.Impact;

namespace LogAnalyzer.Insights;

/// <summary>What a natural-language question selects: a time range and any of levels, endpoints, error codes, users, sessions, cities and words.</summary>
/// <param name="From">The range's start.</param>
/// <param name="To">Its end (excluded).</param>
public sealed record SearchFilter(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Only these levels (none: Warning and above).</summary>
    public IReadOnlyList<LogEntryLevel> Levels { get; init; } = [];

    /// <summary>Endpoints that contain any of these texts (case-insensitive).</summary>
    public IReadOnlyList<string> EndpointTerms { get; init; } = [];

    /// <summary>Error codes that contain any of these texts (case-insensitive).</summary>
    public IReadOnlyList<string> ErrorCodeTerms { get; init; } = [];

    /// <summary>Only these users.</summary>
    public IReadOnlyList<string> UserIds { get; init; } = [];

    /// <summary>Only these sessions.</summary>
    public IReadOnlyList<string> SessionIds { get; init; } = [];

    /// <summary>Only these cities (exact, case-insensitive).</summary>
    public IReadOnlyList<string> Cities { get; init; } = [];

    /// <summary>Words any of which the message or exception contains (full-text search).</summary>
    public IReadOnlyList<string> Words { get; init; } = [];
}

/// <summary>What the store found for a question: counts, patterns, impact, the dimensions that explain the matches, and recent entries.</summary>
/// <param name="Matches">Matching entries.</param>
/// <param name="Patterns">The most frequent patterns among them, with counts.</param>
/// <param name="Impact">Users, sessions, cities, endpoints and error codes among them.</param>
/// <param name="OverRepresented">Dimension values whose share of the matches is well above their share of all traffic in the range.</param>
/// <param name="RecentLogs">The newest matching entries.</param>
public sealed record SearchEvidence(
    long Matches,
    IReadOnlyList<PatternCount> Patterns,
    FailureImpact Impact,
    IReadOnlyList<OverRepresentation> OverRepresented,
    IReadOnlyList<LogEntry> RecentLogs);

/// <summary>A pattern's count among the matches.</summary>
/// <param name="PatternId">The pattern.</param>
/// <param name="Template">Its template.</param>
/// <param name="Count">Matching entries of it.</param>
public sealed record PatternCount(string PatternId, string Template, long Count);

/// <summary>A value that explains matches: its share of them against its share of all traffic.</summary>
/// <param name="Dimension"><c>endpoint</c>, <c>city</c>, <c>errorCode</c> or <c>service</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="ShareOfMatches">Its share of the matching entries (0–1).</param>
/// <param name="ShareOfTraffic">Its share of a sample of all entries in the range (0–1).</param>
public sealed record OverRepresentation(string Dimension, string Value, double ShareOfMatches, double ShareOfTraffic)
{
    /// <summary>How many times more frequent among the matches than in traffic.</summary>
    public double Lift => ShareOfTraffic <= 0 ? double.PositiveInfinity : ShareOfMatches / ShareOfTraffic;
}

/// <summary>The values a question can name: known endpoints, error codes and cities.</summary>
/// <param name="Endpoints">Endpoints seen.</param>
/// <param name="ErrorCodes">Error codes seen.</param>
/// <param name="Cities">Cities seen.</param>
public sealed record SearchVocabulary(IReadOnlyList<string> Endpoints, IReadOnlyList<string> ErrorCodes, IReadOnlyList<string> Cities);
