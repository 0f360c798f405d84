using System.Globalization;

namespace LogAnalyzer.Alerts;

/// <summary>
/// PATTERN_SPIKE: a warning or error pattern with at least <see cref="AlertOptions.PatternSpikeMinimumCount"/>
/// entries in the window, at <see cref="AlertOptions.PatternSpikeFactor"/> times its baseline rate or more, and a
/// significant rise of its share of all entries (<see cref="Significance"/>), so that busier traffic alone is no
/// spike. A pattern without a baseline is NEW_PATTERN's business, and an error pattern that carries most of the
/// window's failures is ERROR_SPIKE's: one incident, one alert. One alert per pattern.
/// </summary>
internal sealed class PatternSpikeRule : IAlertRule
{
    public const string Type = "PATTERN_SPIKE";

    public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options.Alerts;
        var baseline = context.Baseline.Patterns.ToDictionary(p => p.PatternId, StringComparer.Ordinal);
        var conditions = new List<AlertCondition>();
        foreach (var pattern in context.Current.Patterns)
        {
            if (pattern.Count < options.PatternSpikeMinimumCount
                || pattern.Failures * 2 > context.Current.Failures
                || baseline.GetValueOrDefault(pattern.PatternId) is not { Count: > 0 } before)
            {
                continue;
            }

            var perWindowBefore = (double)before.Count / AlertContext.BaselineWindows;
            var ratio = pattern.Count / perWindowBefore;
            if (ratio < options.PatternSpikeFactor
                || !Significance.IsSignificantRise(pattern.Count, context.Current.Total, before.Count, context.Baseline.Total))
            {
                continue;
            }

            var c = CultureInfo.InvariantCulture;
            conditions.Add(new AlertCondition(
                Type,
                pattern.PatternId,
                ratio >= options.PatternSpikeFactor * 4 ? "HIGH" : "MEDIUM",
                string.Create(c, $"Pattern Spike (×{ratio:0.#}): {RuleText.Shorten(pattern.Template)}"),
                string.Create(c, $"{pattern.Count:N0} entries in the last {options.Window.TotalMinutes:0} minutes against {perWindowBefore:0.#} per {options.Window.TotalMinutes:0} minutes before: {RuleText.Shorten(pattern.Template, 300)}"))
            {
                PatternId = pattern.PatternId,
                MinimumLevel = LogEntryLevel.Warning,
            });
        }

        return Task.FromResult<IReadOnlyList<AlertCondition>>(conditions);
    }
}
