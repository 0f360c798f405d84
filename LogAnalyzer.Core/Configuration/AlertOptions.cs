namespace LogAnalyzer;

/// <summary>The alert engine (<c>LogAnalyzer:Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>How often the rules are evaluated. Default: 30 seconds.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The current window the rules look at; the baseline is the three windows before it. Default: 5 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>ERROR_SPIKE fires when the error rate rises by more than this share over the baseline. Default: 0.5 (+50%, as the seed).</summary>
    public double ErrorSpikeThreshold { get; set; } = 0.5;

    /// <summary>Failures the current window needs before it can be a spike, so that 1 → 2 errors is not one. Default: 10.</summary>
    public int MinimumErrors { get; set; } = 10;

    /// <summary>Failures on one critical endpoint (see <see cref="AnomalyOptions.CriticalEndpoints"/>) in the window that raise CRITICAL_ENDPOINT. Default: 5.</summary>
    public int CriticalEndpointFailures { get; set; } = 5;

    /// <summary>NEW_PATTERN fires when an error pattern first seen less than <see cref="NewPatternAge"/> ago has at least this many errors in the window. Default: 5.</summary>
    public int NewPatternMinimumCount { get; set; } = 5;

    /// <summary>How long after its first entry a pattern still counts as new. Default: 1 hour.</summary>
    public TimeSpan NewPatternAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Patterns first seen within this time of the oldest stored entry are the application's usual behaviour being
    /// learned, not new ones: NEW_PATTERN stays quiet for them. Default: 1 hour.
    /// </summary>
    public TimeSpan NewPatternLearningPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>LATENCY fires when an endpoint's p95 response time in the window is this many times its baseline p95. Default: 2.</summary>
    public double LatencyFactor { get; set; } = 2;

    /// <summary>Requests with a response time an endpoint needs in the window (and in the baseline) before LATENCY judges it. Default: 20.</summary>
    public int LatencyMinimumRequests { get; set; } = 20;

    /// <summary>A p95 below this is never slow enough for LATENCY, whatever the factor. Default: 250 milliseconds.</summary>
    public TimeSpan LatencyFloor { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>PATTERN_SPIKE fires when a warning or error pattern's rate in the window is this many times its baseline rate. Default: 5.</summary>
    public double PatternSpikeFactor { get; set; } = 5;

    /// <summary>Entries a pattern needs in the window before it can spike. Default: 20.</summary>
    public int PatternSpikeMinimumCount { get; set; } = 20;

    /// <summary>
    /// Consecutive evaluations a new condition must hold before it raises an alert, so that a one-window blip pages
    /// nobody (flapping suppression). Default: 2 (an alert comes one evaluation, 30 s, after the condition appears).
    /// </summary>
    public int ConfirmEvaluations { get; set; } = 2;

    /// <summary>Consecutive evaluations without the condition after which an open alert resolves itself ("cleared"). Default: 3.</summary>
    public int ClearAfterEvaluations { get; set; } = 3;

    /// <summary>
    /// After an alert is resolved, the same condition (same fingerprint) raises nothing for this long, so that an
    /// incident hovering at the threshold does not page on every crossing. Default: 5 minutes.
    /// </summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A condition that returns within this time of its alert's resolution is a regression: the new alert is linked
    /// to the old one (<c>regressionOf</c>) and offers its resolution note. Default: 24 hours.
    /// </summary>
    public TimeSpan ReopenWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An active alert nobody has acknowledged rises one severity each time this passes. Default: 15 minutes.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Distinct users affected that make an alert at least HIGH. Default: 25.</summary>
    public int HighUsers { get; set; } = 25;

    /// <summary>Distinct users affected that make an alert CRITICAL. Default: 100.</summary>
    public int CriticalUsers { get; set; } = 100;

    /// <summary>
    /// How long resolved alerts and their history are kept; the daily cleanup (<see cref="RetentionOptions"/>) deletes them
    /// after that. Default: 30 days.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Runbooks offered on HIGH and CRITICAL alerts, matched by error code, endpoint or pattern
    /// (<c>LogAnalyzer:Alerts:Runbooks:0:ErrorCode</c>…). Default: none (built-in steps, AI fixes and earlier
    /// resolution notes are still offered).
    /// </summary>
    public IList<RunbookOptions> Runbooks { get; set; } = [];

    /// <summary>The built-in webhook notifier (<c>LogAnalyzer:Alerts:Webhook</c>); off until a URL is set.</summary>
    public WebhookOptions Webhook { get; set; } = new();
}

/// <summary>A configured runbook: when it applies, and what to do.</summary>
public sealed class RunbookOptions
{
    /// <summary>Applies to alerts involving this error code (exact, case-insensitive).</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Applies to alerts involving an endpoint that contains this text (case-insensitive).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Applies to alerts involving a pattern whose template contains this text (case-insensitive).</summary>
    public string? Pattern { get; set; }

    /// <summary>The steps, in order.</summary>
    public IList<string> Steps { get; set; } = [];

    /// <summary>A link to the full runbook.</summary>
    public Uri? Link { get; set; }

    /// <summary>The one-line suggested action; the first step when not set.</summary>
    public string? SuggestedAction { get; set; }
}

/// <summary>The built-in webhook notifier (<c>LogAnalyzer:Alerts:Webhook</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Where alert notifications are POSTed; none are sent when empty. Default: none.</summary>
    public Uri? Url { get; set; }

    /// <summary><c>json</c> (the notification and its alert) or <c>slack</c> (a Slack-compatible <c>text</c> body). Default: <c>json</c>.</summary>
    public string Format { get; set; } = "json";

    /// <summary>The lowest severity that is sent. Default: <c>LOW</c> (all).</summary>
    public string MinimumSeverity { get; set; } = "LOW";

    /// <summary>The time one delivery may take, retries included. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
