using System.Globalization;

namespace LogAnalyzer.Alerts;

/// <summary>
/// CRITICAL_ENDPOINT: at least <see cref="AlertOptions.CriticalEndpointFailures"/> failures in the current window on
/// an endpoint that contains one of <see cref="AnomalyOptions.CriticalEndpoints"/> (payment, auth, login, checkout
/// by default), when that is a significant rise over the endpoint's own baseline (<see cref="Significance"/>): an
/// endpoint that always fails a little is not an incident. One alert per endpoint.
/// </summary>
internal sealed class CriticalEndpointRule : IAlertRule
{
    public const string Type = "CRITICAL_ENDPOINT";

    public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var threshold = options.Alerts.CriticalEndpointFailures;
        var conditions = new List<AlertCondition>();
        var baseline = context.Baseline.Endpoints.ToDictionary(e => e.Endpoint, StringComparer.Ordinal);
        foreach (var endpoint in context.Current.Endpoints)
        {
            if (endpoint.Failures < threshold
                || !options.Anomalies.CriticalEndpoints.Any(p => endpoint.Endpoint.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var before = baseline.GetValueOrDefault(endpoint.Endpoint);
            if (!Significance.IsSignificantRise(endpoint.Failures, endpoint.Total, before?.Failures ?? 0, before?.Total ?? 0))
            {
                continue;
            }

            var c = CultureInfo.InvariantCulture;
            conditions.Add(new AlertCondition(
                Type,
                endpoint.Endpoint,
                endpoint.Failures >= threshold * 5 ? "CRITICAL" : "HIGH",
                $"Critical Endpoint Failing: {endpoint.Endpoint}",
                string.Create(c, $"{endpoint.Failures:N0} failures of {endpoint.Total:N0} requests on {endpoint.Endpoint} in the last {options.Alerts.Window.TotalMinutes:0} minutes, affecting {endpoint.FailedUsers:N0} users"))
            {
                Endpoint = endpoint.Endpoint,
            });
        }

        return Task.FromResult<IReadOnlyList<AlertCondition>>(conditions);
    }
}
