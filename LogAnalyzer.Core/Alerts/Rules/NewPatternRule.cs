using System.Globalization;

namespace LogAnalyzer.Alerts;

/// <summary>
/// NEW_PATTERN: an error pattern first seen less than <see cref="AlertOptions.NewPatternAge"/> ago with at least
/// <see cref="AlertOptions.NewPatternMinimumCount"/> errors in the window. Patterns first seen while the store was
/// still learning the app (<see cref="AlertOptions.NewPatternLearningPeriod"/> after its oldest entry) are the app's
/// usual behaviour, not news. One alert per pattern.
/// </summary>
internal sealed class NewPatternRule : IAlertRule
{
    public const string Type = "NEW_PATTERN";

    public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options.Alerts;
        if (context.HistoryStart is not { } historyStart)
        {
            return Task.FromResult<IReadOnlyList<AlertCondition>>([]);
        }

        var conditions = new List<AlertCondition>();
        foreach (var pattern in context.Current.Patterns)
        {
            var age = context.Now - pattern.FirstSeen;
            if (pattern.Failures < options.NewPatternMinimumCount
                || age >= options.NewPatternAge
                || pattern.FirstSeen - historyStart < options.NewPatternLearningPeriod)
            {
                continue;
            }

            var c = CultureInfo.InvariantCulture;
            conditions.Add(new AlertCondition(
                Type,
                pattern.PatternId,
                pattern.Failures >= options.NewPatternMinimumCount * 10 ? "HIGH" : "MEDIUM",
                $"New Error Pattern: {RuleText.Shorten(pattern.Template)}",
                string.Create(c, $"{pattern.Failures:N0} errors in the last {options.Window.TotalMinutes:0} minutes from a pattern first seen {RuleText.Ago(age)}: {RuleText.Shorten(pattern.Template, 300)}"))
            {
                PatternId = pattern.PatternId,
            });
        }

        return Task.FromResult<IReadOnlyList<AlertCondition>>(conditions);
    }
}
