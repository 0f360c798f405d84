using LogAnalyzer.Impact;

namespace LogAnalyzer.Alerts;

/// <summary>
/// An alert's severity: the rule's judgement of the size of the change, raised to at least HIGH when critical
/// endpoints carry half the impact or <see cref="AlertOptions.HighUsers"/> users are affected, and to CRITICAL at
/// <see cref="AlertOptions.CriticalUsers"/>.
/// </summary>
internal static class AlertSeverityPolicy
{
    public static string Assess(string ruleSeverity, FailureImpact impact, LogAnalyzerOptions options)
    {
        var severity = AlertSeverity.IsKnown(ruleSeverity) ? ruleSeverity : "MEDIUM";
        var alerts = options.Alerts;
        if (impact.AffectedUsers >= alerts.CriticalUsers)
        {
            return "CRITICAL";
        }

        if (impact.AffectedUsers >= alerts.HighUsers || OnCriticalEndpoints(impact, options.Anomalies.CriticalEndpoints) * 2 >= Math.Max(1, impact.AffectedLogs))
        {
            severity = AlertSeverity.Max(severity, "HIGH");
        }

        return severity;
    }

    private static long OnCriticalEndpoints(FailureImpact impact, IList<string> critical) => impact.Endpoints
        .Where(e => critical.Any(c => e.Endpoint.Contains(c, StringComparison.OrdinalIgnoreCase)))
        .Sum(e => e.Entries);
}
