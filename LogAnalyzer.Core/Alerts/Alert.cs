namespace LogAnalyzer.Alerts;

/// <summary>An alert: one per incident (rule and scope), updated while its condition holds, with its lifecycle.</summary>
/// <param name="AlertId">The alert's id.</param>
/// <param name="Type">The rule that raised it: <c>ERROR_SPIKE</c>, <c>CRITICAL_ENDPOINT</c>, <c>NEW_PATTERN</c>, <c>LATENCY</c>, <c>PATTERN_SPIKE</c>, or a custom rule's type.</param>
/// <param name="Fingerprint">Rule and scope (such as the endpoint): while an alert with it is open, new evidence updates it.</param>
/// <param name="Severity"><c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> or <c>CRITICAL</c>: from the size of the change, the endpoints' criticality and the users affected; it only rises while the alert is open.</param>
/// <param name="Status"><c>active</c>, <c>acknowledged</c> or <c>resolved</c>.</param>
/// <param name="Title">A one-line title, as the seed's ("Error Rate Spike Detected (+150%)").</param>
/// <param name="Description">What was measured ("Error rate jumped from 2.3% to 5.8%").</param>
/// <param name="AffectedLogs">Failing entries in the latest window that met the condition.</param>
/// <param name="AffectedUsers">Distinct users among them.</param>
/// <param name="AffectedSessions">Distinct sessions among them.</param>
/// <param name="Endpoints">The endpoints involved.</param>
/// <param name="Cities">The cities involved.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="UpdatedAt">When its evidence last changed.</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="ResolvedBy">Who resolved it (<c>system</c> when its condition cleared).</param>
/// <param name="ResolvedAt">When.</param>
/// <param name="ResolutionNote">What was done, or "condition cleared".</param>
/// <param name="ClearEvaluations">Consecutive evaluations since the condition last held.</param>
public sealed record Alert(
    string AlertId,
    string Type,
    string Fingerprint,
    string Severity,
    string Status,
    string Title,
    string Description,
    long AffectedLogs,
    long AffectedUsers,
    long AffectedSessions,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<string> Cities,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    string? AcknowledgedBy = null,
    DateTimeOffset? AcknowledgedAt = null,
    string? ResolvedBy = null,
    DateTimeOffset? ResolvedAt = null,
    string? ResolutionNote = null,
    int ClearEvaluations = 0)
{
    /// <summary>The error codes involved, the most frequent first.</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];

    /// <summary>The patterns involved, the most frequent first.</summary>
    public IReadOnlyList<string> PatternIds { get; init; } = [];

    /// <summary>The estimated revenue loss as a number (see <see cref="RevenueOptions"/>).</summary>
    public decimal EstimatedRevenueLossAmount { get; init; }

    /// <summary>The estimated revenue loss formatted as the seed's ("$2,350.00").</summary>
    public string EstimatedRevenueLoss { get; init; } = string.Empty;

    /// <summary>What to do first (HIGH and CRITICAL alerts).</summary>
    public string? SuggestedAction { get; init; }

    /// <summary>The steps to take (HIGH and CRITICAL alerts): configured runbooks, earlier resolution notes, the patterns' suggested fixes, built-in steps.</summary>
    public IReadOnlyList<RunbookStep> Runbook { get; init; } = [];

    /// <summary>The earlier alert with the same fingerprint this one is a regression of (resolved less than <see cref="AlertOptions.ReopenWithin"/> before).</summary>
    public string? RegressionOf { get; init; }

    /// <summary>When the severity last rose, or <see langword="null"/>.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>Whether the alert is still open (active or acknowledged).</summary>
    public bool IsOpen => Status != AlertStatus.Resolved;
}

/// <summary>The states of an alert.</summary>
public static class AlertStatus
{
    /// <summary>Raised; nobody has acknowledged it.</summary>
    public const string Active = "active";

    /// <summary>Someone is on it.</summary>
    public const string Acknowledged = "acknowledged";

    /// <summary>Over: resolved by someone, or by the engine when its condition cleared.</summary>
    public const string Resolved = "resolved";
}

/// <summary>The severities, lowest first.</summary>
public static class AlertSeverity
{
    private static readonly string[] Ordered = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

    /// <summary>The higher of two severities.</summary>
    /// <param name="a">One severity.</param>
    /// <param name="b">The other.</param>
    /// <returns>The higher.</returns>
    public static string Max(string a, string b) => Rank(a) >= Rank(b) ? a : b;

    /// <summary>The severity one step higher (CRITICAL stays CRITICAL).</summary>
    /// <param name="severity">A severity.</param>
    /// <returns>The next one up.</returns>
    public static string Raise(string severity) => Ordered[Math.Min(Ordered.Length - 1, Rank(severity) + 1)];

    /// <summary>Whether <paramref name="severity"/> is at least <paramref name="minimum"/>.</summary>
    /// <param name="severity">A severity.</param>
    /// <param name="minimum">The bar.</param>
    /// <returns>Whether it reaches the bar.</returns>
    public static bool AtLeast(string severity, string minimum) => Rank(severity) >= Rank(minimum);

    /// <summary>Whether the text is one of the four severities (exact, upper case).</summary>
    /// <param name="severity">The text.</param>
    /// <returns>Whether it is known.</returns>
    public static bool IsKnown(string? severity) => severity is not null && Array.IndexOf(Ordered, severity) >= 0;

    private static int Rank(string severity) => Math.Max(0, Array.IndexOf(Ordered, severity));
}
