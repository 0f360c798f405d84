using System.Globalization;
using LogAnalyzer.Alerts;

namespace LogAnalyzer;

/// <summary>The checks of the alert, runbook, webhook, revenue and insight settings; every message names the setting.</summary>
internal static class AlertOptionsValidation
{
    public static void Validate(AlertOptions alerts, RevenueOptions revenue, InsightOptions insights, List<string> errors)
    {
        LogAnalyzerOptionsValidator.AtLeast(errors, "Alerts:NewPatternMinimumCount", alerts.NewPatternMinimumCount, 1);
        LogAnalyzerOptionsValidator.AtLeast(errors, "Alerts:LatencyMinimumRequests", alerts.LatencyMinimumRequests, 1);
        LogAnalyzerOptionsValidator.AtLeast(errors, "Alerts:PatternSpikeMinimumCount", alerts.PatternSpikeMinimumCount, 1);
        LogAnalyzerOptionsValidator.AtLeast(errors, "Alerts:HighUsers", alerts.HighUsers, 1);
        LogAnalyzerOptionsValidator.AtLeast(errors, "Alerts:CriticalUsers", alerts.CriticalUsers, alerts.HighUsers, "Alerts:HighUsers");
        Factor(errors, "Alerts:LatencyFactor", alerts.LatencyFactor);
        Factor(errors, "Alerts:PatternSpikeFactor", alerts.PatternSpikeFactor);
        LogAnalyzerOptionsValidator.NotNegative(errors, "Alerts:NewPatternLearningPeriod", alerts.NewPatternLearningPeriod);
        LogAnalyzerOptionsValidator.NotNegative(errors, "Alerts:LatencyFloor", alerts.LatencyFloor);
        LogAnalyzerOptionsValidator.NotNegative(errors, "Alerts:Cooldown", alerts.Cooldown);
        LogAnalyzerOptionsValidator.NotNegative(errors, "Alerts:ReopenWithin", alerts.ReopenWithin);
        LogAnalyzerOptionsValidator.Positive(errors, "Alerts:NewPatternAge", alerts.NewPatternAge);
        LogAnalyzerOptionsValidator.Positive(errors, "Alerts:EscalateAfter", alerts.EscalateAfter);
        if (alerts.Retention < TimeSpan.FromHours(1))
        {
            errors.Add($"LogAnalyzer:Alerts:Retention must be at least 1 hour; it is {alerts.Retention}.");
        }

        for (var i = 0; i < alerts.Runbooks.Count; i++)
        {
            var runbook = alerts.Runbooks[i];
            if (string.IsNullOrWhiteSpace(runbook.ErrorCode) && string.IsNullOrWhiteSpace(runbook.Endpoint) && string.IsNullOrWhiteSpace(runbook.Pattern))
            {
                errors.Add($"LogAnalyzer:Alerts:Runbooks:{i} must set ErrorCode, Endpoint or Pattern to say which alerts it applies to.");
            }

            if (runbook.Steps.Count == 0 && string.IsNullOrWhiteSpace(runbook.SuggestedAction) && runbook.Link is null)
            {
                errors.Add($"LogAnalyzer:Alerts:Runbooks:{i} must have Steps, a SuggestedAction or a Link.");
            }
        }

        var webhook = alerts.Webhook;
        if (webhook.Url is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            errors.Add($"LogAnalyzer:Alerts:Webhook:Url must be an absolute http or https URL; it is '{url}'.");
        }

        if (webhook.Format is not ("json" or "slack"))
        {
            errors.Add($"LogAnalyzer:Alerts:Webhook:Format must be json or slack; it is '{webhook.Format}'.");
        }

        if (!AlertSeverity.IsKnown(webhook.MinimumSeverity))
        {
            errors.Add($"LogAnalyzer:Alerts:Webhook:MinimumSeverity must be LOW, MEDIUM, HIGH or CRITICAL; it is '{webhook.MinimumSeverity}'.");
        }

        LogAnalyzerOptionsValidator.Positive(errors, "Alerts:Webhook:Timeout", webhook.Timeout);
        foreach (var (endpoint, value) in revenue.ValuePerFailedSession)
        {
            if (value < 0 || string.IsNullOrWhiteSpace(endpoint))
            {
                errors.Add($"LogAnalyzer:Revenue:ValuePerFailedSession:{endpoint} must name an endpoint and have a value of at least 0; it is {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        foreach (var (endpoint, stage) in insights.Stages)
        {
            if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrWhiteSpace(stage))
            {
                errors.Add($"LogAnalyzer:Insights:Stages:{endpoint} must name an endpoint text and a stage.");
            }
        }

        LogAnalyzerOptionsValidator.AtLeast(errors, "Insights:MaxTimelineEvents", insights.MaxTimelineEvents, 1);
        LogAnalyzerOptionsValidator.AtLeast(errors, "Insights:MaxConversationTurns", insights.MaxConversationTurns, 1);
        LogAnalyzerOptionsValidator.Positive(errors, "Insights:ConversationExpiry", insights.ConversationExpiry);
        if (revenue.CurrencySymbol is null)
        {
            errors.Add("LogAnalyzer:Revenue:CurrencySymbol must be set (it may be empty).");
        }
    }

    private static void Factor(List<string> errors, string setting, double value)
    {
        if (!(value > 1) || double.IsInfinity(value))
        {
            errors.Add($"LogAnalyzer:{setting} must be a number greater than 1; it is {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
