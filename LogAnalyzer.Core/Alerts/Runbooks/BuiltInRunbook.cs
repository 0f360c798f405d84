namespace LogAnalyzer.Alerts;

/// <summary>The steps offered for each built-in rule when nothing more specific is known.</summary>
internal static class BuiltInRunbook
{
    public static (string Action, IReadOnlyList<string> Steps) For(Alert alert)
    {
        var endpoint = alert.Endpoints.Count > 0 ? alert.Endpoints[0] : "the endpoint";
        var pattern = alert.PatternIds.Count > 0 ? alert.PatternIds[0] : "{patternId}";
        return alert.Type switch
        {
            ErrorSpikeRule.Type => (
                "Investigate top error patterns immediately",
                [
                    "Open the top error patterns of the last hour: GET /api/patterns",
                    "Check deployments, configuration and dependency changes made just before the spike",
                    "Roll back or switch off the change if the errors started with it",
                ]),
            CriticalEndpointRule.Type => (
                $"Check {endpoint} and the services it depends on now",
                [
                    $"Look at the failing requests on {endpoint}: GET /api/logs?endpoint={Uri.EscapeDataString(endpoint)}&level=Error",
                    "Check the health of its downstream dependency (payment gateway, identity provider, database)",
                    "Fail over to a backup provider or enable the degraded mode if one exists",
                ]),
            NewPatternRule.Type => (
                "Review the new error and the change that introduced it",
                [
                    $"Read the pattern's sample and its analysis: GET /api/patterns/{pattern}",
                    "Find the deployment or configuration change at the time it was first seen",
                ]),
            LatencyRule.Type => (
                $"Find the slow dependency behind {endpoint}",
                [
                    $"Compare slow and fast requests on {endpoint} by trace id to find the slow span",
                    "Check database, cache and downstream latency and saturation (connections, CPU, queue depth)",
                    "Scale out or shed load if the slowdown follows traffic",
                ]),
            PatternSpikeRule.Type => (
                "Find what made this pattern surge",
                [
                    $"Read the pattern's sample and analysis: GET /api/patterns/{pattern}",
                    "Check which endpoints, users and cities the surge comes from",
                ]),
            _ => ("Investigate the condition that raised this alert", ["Read the alert's description and the entries it counts: GET /api/logs?level=Error"]),
        };
    }
}
