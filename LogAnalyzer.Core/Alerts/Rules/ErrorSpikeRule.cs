using System.Globalization;

namespace LogAnalyzer.Alerts;

/// <summary>
/// ERROR_SPIKE: the failure rate of the current window is more than <see cref="AlertOptions.ErrorSpikeThreshold"/>
/// above the baseline's, with at least <see cref="AlertOptions.MinimumErrors"/> failures, and the rise is
/// significant (<see cref="Significance"/>), so that the noise of a quiet service pages nobody. Titles and
/// descriptions as the seed's: "Error Rate Spike Detected (+150%)", "Error rate jumped from 2.3% to 5.8%".
/// </summary>
internal sealed class ErrorSpikeRule : IAlertRule
{
    public const string Type = "ERROR_SPIKE";

    public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (current, baseline, options) = (context.Current, context.Baseline, context.Options.Alerts);
        if (current.Failures < options.MinimumErrors)
        {
            return Task.FromResult<IReadOnlyList<AlertCondition>>([]);
        }

        var (now, before) = (current.FailureRate, baseline.FailureRate);
        var change = before > 0 ? (now - before) / before : double.PositiveInfinity;
        if (change <= options.ErrorSpikeThreshold
            || !Significance.IsSignificantRise(current.Failures, current.Total, baseline.Failures, baseline.Total))
        {
            return Task.FromResult<IReadOnlyList<AlertCondition>>([]);
        }

        var c = CultureInfo.InvariantCulture;
        var title = double.IsPositiveInfinity(change)
            ? "Error Rate Spike Detected (new errors)"
            : string.Create(c, $"Error Rate Spike Detected (+{change * 100:0}%)");
        var severity = now >= 0.25 || change >= 3 ? "CRITICAL" : change >= 1 ? "HIGH" : "MEDIUM";
        IReadOnlyList<AlertCondition> conditions =
        [
            new AlertCondition(
                Type,
                string.Empty,
                severity,
                title,
                string.Create(c, $"Error rate jumped from {Percent(before)} to {Percent(now)} ({current.Failures:N0} failures of {current.Total:N0} entries in the last {options.Window.TotalMinutes:0} minutes)")),
        ];
        return Task.FromResult(conditions);
    }

    /// <summary>One decimal as the seed's ("2.3%"), and two significant digits below 0.1%, so a rise is never "0.0% to 0.0%".</summary>
    internal static string Percent(double rate)
    {
        var percent = rate * 100;
        var digits = percent is > 0 and < 0.1 ? 1 - (int)Math.Floor(Math.Log10(percent)) : 1;
        return percent.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
    }
}
