namespace LogAnalyzer.Alerts;

/// <summary>
/// A rule the alert engine evaluates every <see cref="AlertOptions.EvaluationInterval"/>. Register custom rules as
/// <c>services.AddSingleton&lt;IAlertRule, MyRule&gt;()</c>; each condition it returns raises an alert, or updates
/// the open alert with the same fingerprint.
/// </summary>
public interface IAlertRule
{
    /// <summary>Returns the conditions that hold now; none when all is well.</summary>
    /// <param name="context">The current window's and the baseline's statistics.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The conditions.</returns>
    Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken);
}

/// <summary>What a rule sees: the statistics of the current window and of the baseline before it.</summary>
/// <param name="Now">The evaluation time.</param>
/// <param name="Current">The current window (<see cref="AlertOptions.Window"/> up to now).</param>
/// <param name="Baseline">The three windows before it, together.</param>
/// <param name="Options">The settings.</param>
/// <param name="HistoryStart">The time of the oldest stored entry, or <see langword="null"/> for an empty store.</param>
public sealed record AlertContext(DateTimeOffset Now, WindowStats Current, WindowStats Baseline, LogAnalyzerOptions Options, DateTimeOffset? HistoryStart = null)
{
    /// <summary>How many windows the baseline spans: 3.</summary>
    public const int BaselineWindows = 3;
}

/// <summary>
/// A condition that holds: what an alert says about it. The engine measures its impact (users, sessions, cities,
/// endpoints, revenue) over the current window's entries that <see cref="Endpoint"/>, <see cref="ErrorCode"/>,
/// <see cref="PatternId"/> and <see cref="MinimumLevel"/> select, and sets the alert's severity from it.
/// </summary>
/// <param name="Type">The rule's type, such as <c>ERROR_SPIKE</c>.</param>
/// <param name="Scope">What it is about within the rule (an endpoint, an error code, a pattern), or empty.</param>
/// <param name="Severity"><c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> or <c>CRITICAL</c> from the size of the change; the engine may raise it.</param>
/// <param name="Title">A one-line title.</param>
/// <param name="Description">What was measured.</param>
public sealed record AlertCondition(string Type, string Scope, string Severity, string Title, string Description)
{
    /// <summary>Rule and scope: one open alert per fingerprint.</summary>
    public string Fingerprint => Scope.Length == 0 ? Type : $"{Type}:{Scope}";

    /// <summary>Impact only over entries on this endpoint.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Impact only over entries with this error code.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Impact only over entries of this pattern.</summary>
    public string? PatternId { get; init; }

    /// <summary>The lowest level the impact counts. Default: <see cref="LogEntryLevel.Error"/>.</summary>
    public LogEntryLevel MinimumLevel { get; init; } = LogEntryLevel.Error;

    /// <summary>Impact only over entries at least this slow, in milliseconds (a latency condition's slow requests).</summary>
    public double? MinimumResponseTime { get; init; }
}

/// <summary>Counts over a time window.</summary>
/// <param name="Total">Entries.</param>
/// <param name="Failures">Error and Critical entries.</param>
/// <param name="FailedUsers">Distinct users of failures.</param>
/// <param name="FailedSessions">Distinct sessions of failures.</param>
/// <param name="FailedCities">Cities of failures (the most frequent first).</param>
/// <param name="Endpoints">Per endpoint: entries, failures, the users and sessions of its failures, and its response times.</param>
/// <param name="Patterns">Per warning or error pattern (the 100 most frequent): entries, failures and when it was first seen.</param>
public sealed record WindowStats(
    long Total,
    long Failures,
    long FailedUsers,
    long FailedSessions,
    IReadOnlyList<string> FailedCities,
    IReadOnlyList<EndpointStats> Endpoints,
    IReadOnlyList<PatternWindowStats> Patterns)
{
    /// <summary>A window without entries.</summary>
    public static WindowStats Empty { get; } = new(0, 0, 0, 0, [], [], []);

    /// <summary>Failures as a share of entries (0 without entries).</summary>
    public double FailureRate => Total == 0 ? 0 : (double)Failures / Total;
}

/// <summary>One endpoint's counts over a window.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Total">Entries.</param>
/// <param name="Failures">Error and Critical entries.</param>
/// <param name="FailedUsers">Distinct users of its failures.</param>
/// <param name="FailedSessions">Distinct sessions of its failures.</param>
/// <param name="TimedRequests">Entries with a response time.</param>
/// <param name="P95ResponseTime">Their 95th percentile (nearest rank) in milliseconds, or <see langword="null"/> without any.</param>
public sealed record EndpointStats(string Endpoint, long Total, long Failures, long FailedUsers, long FailedSessions, long TimedRequests = 0, double? P95ResponseTime = null);

/// <summary>One pattern's counts over a window (Warning and above).</summary>
/// <param name="PatternId">The pattern (merged patterns count toward the one they joined).</param>
/// <param name="Template">Its template.</param>
/// <param name="Count">Warning, Error and Critical entries.</param>
/// <param name="Failures">Error and Critical entries.</param>
/// <param name="FirstSeen">When the pattern was first seen at all.</param>
public sealed record PatternWindowStats(string PatternId, string Template, long Count, long Failures, DateTimeOffset FirstSeen);
