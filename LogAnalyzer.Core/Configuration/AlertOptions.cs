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

    /// <summary>
    /// Consecutive evaluations a new condition must hold before it raises an alert, so that a one-window blip pages
    /// nobody (flapping suppression). Default: 2 (an alert comes one evaluation, 30 s, after the condition appears).
    /// </summary>
    public int ConfirmEvaluations { get; set; } = 2;

    /// <summary>Consecutive evaluations without the condition after which an open alert resolves itself ("cleared"). Default: 3.</summary>
    public int ClearAfterEvaluations { get; set; } = 3;
}
