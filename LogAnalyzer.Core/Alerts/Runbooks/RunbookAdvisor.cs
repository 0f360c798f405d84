using System.Globalization;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Alerts;

/// <summary>
/// Writes the suggested action and runbook of HIGH and CRITICAL alerts from, in order: the configured runbooks that
/// match the alert's error codes, endpoints or patterns; the resolution notes people left on earlier alerts with the
/// same fingerprint ("runbooks that learn"); the suggested fixes of the patterns' analyses (AI or built-in); and the
/// rule's built-in steps.
/// </summary>
internal sealed class RunbookAdvisor(AlertOptions options, IAlertStore alerts, IPatternAnalysisStore analyses, IPatternStore? patterns)
{
    private const int MaxSteps = 12;
    private const int LearnedNotes = 3;

    public async Task<Alert> AdviseAsync(Alert alert, CancellationToken cancellationToken)
    {
        var steps = new List<RunbookStep>();
        string? suggested = null;
        var templates = await TemplatesAsync(alert, cancellationToken);
        foreach (var runbook in options.Runbooks.Where(r => Matches(r, alert, templates)))
        {
            steps.AddRange(runbook.Steps.Select(s => new RunbookStep(s, "configured", runbook.Link)));
            if (runbook.Steps.Count == 0 && runbook.Link is not null)
            {
                steps.Add(new RunbookStep("Follow the runbook", "configured", runbook.Link));
            }

            suggested ??= runbook.SuggestedAction ?? runbook.Steps.FirstOrDefault();
        }

        foreach (var earlier in (await alerts.GetResolvedAsync(alert.Fingerprint, 10, cancellationToken))
            .Where(a => a.AlertId != alert.AlertId && a.ResolvedBy != "system" && !string.IsNullOrWhiteSpace(a.ResolutionNote))
            .Take(LearnedNotes))
        {
            var when = earlier.ResolvedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            steps.Add(new RunbookStep($"Last time ({when} UTC, {earlier.ResolvedBy}): {earlier.ResolutionNote!.Trim()}", "learned"));
            suggested ??= $"Last time this was fixed by: {earlier.ResolutionNote!.Trim()}";
        }

        if (alert.PatternIds.Count > 0)
        {
            var found = await analyses.GetAnalysesAsync(alert.PatternIds.Take(3).ToList(), cancellationToken);
            foreach (var analysis in alert.PatternIds.Select(found.GetValueOrDefault).OfType<PatternAnalysis>().Where(a => a.Failure is null || a.SuggestedFixes.Count > 0))
            {
                steps.AddRange(analysis.SuggestedFixes.Select(f => new RunbookStep(f, analysis.Source)));
                if (analysis.Source == "ai")
                {
                    suggested ??= analysis.SuggestedFixes.Count > 0 ? analysis.SuggestedFixes[0] : null;
                }
            }
        }

        var (action, builtIn) = BuiltInRunbook.For(alert);
        steps.AddRange(builtIn.Select(s => new RunbookStep(s, "built-in")));
        var distinct = steps.DistinctBy(s => s.Step, StringComparer.OrdinalIgnoreCase).Take(MaxSteps).ToList();
        return alert with { SuggestedAction = suggested ?? action, Runbook = distinct };
    }

    private async Task<IReadOnlyList<string>> TemplatesAsync(Alert alert, CancellationToken cancellationToken)
    {
        if (patterns is null || alert.PatternIds.Count == 0 || !options.Runbooks.Any(r => !string.IsNullOrWhiteSpace(r.Pattern)))
        {
            return [];
        }

        var templates = new List<string>();
        foreach (var id in alert.PatternIds.Take(5))
        {
            if (await patterns.GetPatternAsync(id, cancellationToken) is { } pattern)
            {
                templates.Add(pattern.Template);
            }
        }

        return templates;
    }

    private static bool Matches(RunbookOptions runbook, Alert alert, IReadOnlyList<string> templates) =>
        (!string.IsNullOrWhiteSpace(runbook.ErrorCode) && alert.ErrorCodes.Contains(runbook.ErrorCode, StringComparer.OrdinalIgnoreCase))
        || (!string.IsNullOrWhiteSpace(runbook.Endpoint) && alert.Endpoints.Any(e => e.Contains(runbook.Endpoint, StringComparison.OrdinalIgnoreCase)))
        || (!string.IsNullOrWhiteSpace(runbook.Pattern) && templates.Any(t => t.Contains(runbook.Pattern, StringComparison.OrdinalIgnoreCase)));
}
