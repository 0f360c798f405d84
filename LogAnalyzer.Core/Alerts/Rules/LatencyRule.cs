using System.Globalization;

namespace LogAnalyzer.Alerts;

/// <summary>
/// LATENCY: an endpoint's p95 response time in the window is at least <see cref="AlertOptions.LatencyFactor"/> times
/// its baseline p95 and above <see cref="AlertOptions.LatencyFloor"/>, with at least
/// <see cref="AlertOptions.LatencyMinimumRequests"/> timed requests in both. The impact counts the requests slower
/// than the factor times the baseline. One alert per endpoint.
/// </summary>
internal sealed class LatencyRule : IAlertRule
{
    public const string Type = "LATENCY";

    public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options.Alerts;
        var baseline = context.Baseline.Endpoints.ToDictionary(e => e.Endpoint, StringComparer.Ordinal);
        var conditions = new List<AlertCondition>();
        foreach (var endpoint in context.Current.Endpoints)
        {
            if (endpoint is not { P95ResponseTime: { } p95 }
                || endpoint.TimedRequests < options.LatencyMinimumRequests
                || p95 < options.LatencyFloor.TotalMilliseconds
                || baseline.GetValueOrDefault(endpoint.Endpoint) is not { P95ResponseTime: { } usual } before
                || before.TimedRequests < options.LatencyMinimumRequests
                || p95 < usual * options.LatencyFactor)
            {
                continue;
            }

            var c = CultureInfo.InvariantCulture;
            var ratio = p95 / usual;
            conditions.Add(new AlertCondition(
                Type,
                endpoint.Endpoint,
                ratio >= options.LatencyFactor * 2 ? "HIGH" : "MEDIUM",
                string.Create(c, $"Latency Degradation: {endpoint.Endpoint} (p95 {p95:N0} ms)"),
                string.Create(c, $"p95 response time on {endpoint.Endpoint} rose from {usual:N0} ms to {p95:N0} ms ({ratio:0.0}×) over {endpoint.TimedRequests:N0} requests in the last {options.Window.TotalMinutes:0} minutes"))
            {
                Endpoint = endpoint.Endpoint,
                MinimumLevel = LogEntryLevel.Trace,
                MinimumResponseTime = usual * options.LatencyFactor,
            });
        }

        return Task.FromResult<IReadOnlyList<AlertCondition>>(conditions);
    }
}
