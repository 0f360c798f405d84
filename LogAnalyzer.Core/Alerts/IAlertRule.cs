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
public sealed record AlertContext(DateTimeOffset Now, WindowStats Current, WindowStats Baseline, LogAnalyzerOptions Options);

/// <summary>A condition that holds: what an alert says about it.</summary>
/// <param name="Type">The rule's type, such as <c>ERROR_SPIKE</c>.</param>
/// <param name="Scope">What it is about within the rule (an endpoint, an error code, a pattern), or empty.</param>
/// <param name="Severity"><c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> or <c>CRITICAL</c>.</param>
/// <param name="Title">A one-line title.</param>
/// <param name="Description">What was measured.</param>
/// <param name="AffectedLogs">Failing entries involved.</param>
/// <param name="AffectedUsers">Distinct users among them.</param>
/// <param name="AffectedSessions">Distinct sessions among them.</param>
/// <param name="Endpoints">Endpoints involved.</param>
/// <param name="Cities">Cities involved.</param>
public sealed record AlertCondition(
    string Type,
    string Scope,
    string Severity,
    string Title,
    string Description,
    long AffectedLogs,
    long AffectedUsers,
    long AffectedSessions,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<string> Cities)
{
    /// <summary>Rule and scope: one open alert per fingerprint.</summary>
    public string Fingerprint => Scope.Length == 0 ? Type : $"{Type}:{Scope}";
}

/// <summary>Counts over a time window.</summary>
/// <param name="Total">Entries.</param>
/// <param name="Failures">Error and Critical entries.</param>
/// <param name="FailedUsers">Distinct users of failures.</param>
/// <param name="FailedSessions">Distinct sessions of failures.</param>
/// <param name="FailedCities">Cities of failures (the most frequent first).</param>
/// <param name="Endpoints">Per endpoint: entries, failures and the users and sessions of its failures.</param>
public sealed record WindowStats(
    long Total,
    long Failures,
    long FailedUsers,
    long FailedSessions,
    IReadOnlyList<string> FailedCities,
    IReadOnlyList<EndpointStats> Endpoints)
{
    /// <summary>Failures as a share of entries (0 without entries).</summary>
    public double FailureRate => Total == 0 ? 0 : (double)Failures / Total;
}

/// <summary>One endpoint's counts over a window.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Total">Entries.</param>
/// <param name="Failures">Error and Critical entries.</param>
/// <param name="FailedUsers">Distinct users of its failures.</param>
/// <param name="FailedSessions">Distinct sessions of its failures.</param>
public sealed record EndpointStats(string Endpoint, long Total, long Failures, long FailedUsers, long FailedSessions);
