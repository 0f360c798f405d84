using LogAnalyzer.Impact;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Alerts;

/// <summary>
/// One evaluation: every rule looks at the current window and the baseline. A condition updates the open alert with
/// its fingerprint (its severity only rises, and rises a step when it stays active and unacknowledged for
/// <see cref="AlertOptions.EscalateAfter"/>) or, once it has held for <see cref="AlertOptions.ConfirmEvaluations"/>
/// consecutive evaluations and the fingerprint's <see cref="AlertOptions.Cooldown"/> has passed, raises a new one,
/// linked to the previous alert when that was resolved less than <see cref="AlertOptions.ReopenWithin"/> ago. An open
/// alert whose condition has not held for <see cref="AlertOptions.ClearAfterEvaluations"/> evaluations resolves itself
/// as "cleared". Every change is stored with a history record and handed to the notifiers.
/// </summary>
internal sealed class AlertEngine(
    IAlertStore store,
    IImpactStore impacts,
    IEnumerable<IAlertRule> rules,
    LogAnalyzerOptions options,
    TimeProvider time,
    RunbookAdvisor advisor,
    AlertNotificationDispatcher notifications)
{
    private readonly RevenueModel _revenue = new(options.Revenue);

    /// <summary>New conditions not yet confirmed: fingerprint → consecutive evaluations they have held. Single writer.</summary>
    private Dictionary<string, int> _pending = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Alert>> EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = options.Alerts.Window;
        var current = await store.GetWindowStatsAsync(now - window, now, cancellationToken);
        var baseline = await store.GetWindowStatsAsync(now - (window * (AlertContext.BaselineWindows + 1)), now - window, cancellationToken);
        var context = new AlertContext(now, current, baseline, options, await store.GetFirstEntryTimeAsync(cancellationToken));
        var open = (await store.GetOpenAlertsAsync(cancellationToken)).ToDictionary(a => a.Fingerprint, StringComparer.Ordinal);
        var (merged, alsoMerged) = await MergedPatternsAsync(open, cancellationToken);
        var carriedOver = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        var changed = new List<Alert>();
        foreach (var rule in rules)
        {
            foreach (var condition in await rule.EvaluateAsync(context, cancellationToken))
            {
                if (!seen.Add(condition.Fingerprint))
                {
                    continue;
                }

                if (open.TryGetValue(condition.Fingerprint, out var alert) || merged.TryGetValue(condition.Fingerprint, out alert))
                {
                    carriedOver.Add(alert.AlertId);
                    if (await UpdateAsync(alert, condition, now, cancellationToken) is { } updated)
                    {
                        changed.Add(updated);
                    }

                    continue;
                }

                var held = _pending.GetValueOrDefault(condition.Fingerprint) + 1;
                if (held < options.Alerts.ConfirmEvaluations)
                {
                    pending[condition.Fingerprint] = held;
                    continue;
                }

                var resolved = await store.GetResolvedAsync(condition.Fingerprint, 1, cancellationToken);
                var previous = resolved.Count > 0 ? resolved[0] : null;
                if (previous?.ResolvedAt is { } resolvedAt && now - resolvedAt < options.Alerts.Cooldown)
                {
                    pending[condition.Fingerprint] = held;
                    continue;
                }

                var regressionOf = previous?.ResolvedAt is { } at && now - at <= options.Alerts.ReopenWithin ? previous.AlertId : null;
                changed.Add(await RaiseAsync(condition, regressionOf, now, cancellationToken));
            }
        }

        // Alerts whose patterns generalised into the same one as a carried-over alert's: that alert now speaks for them.
        foreach (var (alert, fingerprint, patternId) in alsoMerged)
        {
            if (merged.TryGetValue(fingerprint, out var survivor) && carriedOver.Contains(survivor.AlertId))
            {
                carriedOver.Add(alert.AlertId);
                var resolved = alert with
                {
                    Status = AlertStatus.Resolved,
                    ResolvedBy = "system",
                    ResolvedAt = now,
                    ResolutionNote = $"merged into alert {survivor.AlertId}: its pattern generalised into {patternId}",
                    UpdatedAt = now,
                };
                if (await TrySaveAsync(resolved, AlertEvents.Resolved, alert, now, cancellationToken))
                {
                    changed.Add(resolved);
                }
            }
        }

        // A pending condition that did not hold this time starts again from zero.
        _pending = pending;
        foreach (var alert in open.Values.Where(a => !seen.Contains(a.Fingerprint) && !carriedOver.Contains(a.AlertId)))
        {
            var quiet = alert with { ClearEvaluations = alert.ClearEvaluations + 1 };
            if (quiet.ClearEvaluations >= options.Alerts.ClearAfterEvaluations)
            {
                quiet = quiet with { Status = AlertStatus.Resolved, ResolvedBy = "system", ResolvedAt = now, ResolutionNote = "condition cleared", UpdatedAt = now };
                if (await TrySaveAsync(quiet, AlertEvents.Cleared, alert, now, cancellationToken))
                {
                    changed.Add(quiet);
                }
            }
            else
            {
                await store.TrySaveAsync(quiet, null, alert, cancellationToken);
            }
        }

        return changed;
    }

    /// <summary>
    /// Open alerts about a pattern that has since generalised, under the fingerprint their condition has now: the same
    /// errors go on under the general pattern, and must update the alert rather than clear it and raise another.
    /// </summary>
    private async Task<(Dictionary<string, Alert> Merged, List<(Alert Alert, string Fingerprint, string PatternId)> AlsoMerged)> MergedPatternsAsync(
        Dictionary<string, Alert> open, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, Alert>(StringComparer.Ordinal);
        var alsoMerged = new List<(Alert, string, string)>();
        if (store is not IPatternStore patterns)
        {
            return (merged, alsoMerged);
        }

        foreach (var alert in open.Values)
        {
            if (alert.Type is not (NewPatternRule.Type or PatternSpikeRule.Type) || alert.Fingerprint.IndexOf(':') is var colon && colon < 0)
            {
                continue;
            }

            var patternId = alert.Fingerprint[(colon + 1)..];
            if (await patterns.GetPatternAsync(patternId, cancellationToken) is { } current && current.Id != patternId
                && $"{alert.Type}:{current.Id}" is var now && !open.ContainsKey(now) && !merged.TryAdd(now, alert))
            {
                // Several members of one generalisation were alerting: one alert carries on, the others join it.
                alsoMerged.Add((alert, now, current.Id));
            }
        }

        return (merged, alsoMerged);
    }

    private async Task<Alert> RaiseAsync(AlertCondition condition, string? regressionOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var impact = await MeasureAsync(condition, now, cancellationToken);
        var alert = WithImpact(
            new Alert(
                Guid.NewGuid().ToString("N"),
                condition.Type,
                condition.Fingerprint,
                AlertSeverityPolicy.Assess(condition.Severity, impact, options),
                AlertStatus.Active,
                condition.Title,
                condition.Description,
                0,
                0,
                0,
                [],
                [],
                now,
                now) { RegressionOf = regressionOf },
            impact);
        alert = await AdviseAsync(alert, cancellationToken);
        await SaveAsync(alert, regressionOf is null ? AlertEvents.Raised : AlertEvents.Reopened, now, cancellationToken);
        return alert;
    }

    /// <summary>
    /// New evidence for an open alert; an escalation when the severity rises. <see langword="null"/> when the alert
    /// was acknowledged or resolved through the API meanwhile (that change stands; the next evaluation sees it).
    /// </summary>
    private async Task<Alert?> UpdateAsync(Alert alert, AlertCondition condition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var impact = await MeasureAsync(condition, now, cancellationToken);
        var severity = AlertSeverity.Max(alert.Severity, AlertSeverityPolicy.Assess(condition.Severity, impact, options));
        if (severity == alert.Severity && alert.Status == AlertStatus.Active && now - (alert.EscalatedAt ?? alert.RaisedAt) >= options.Alerts.EscalateAfter)
        {
            // Still active and nobody has acknowledged it: it goes one step up the ladder.
            severity = AlertSeverity.Raise(severity);
        }

        var escalated = severity != alert.Severity;
        var updated = WithImpact(
            alert with
            {
                // The same, unless the alert's pattern has since merged into the one the condition names.
                Fingerprint = condition.Fingerprint,
                Severity = severity,
                Title = condition.Title,
                Description = condition.Description,
                UpdatedAt = now,
                ClearEvaluations = 0,
                EscalatedAt = escalated ? now : alert.EscalatedAt,
            },
            impact);
        if (!escalated)
        {
            return await store.TrySaveAsync(updated, null, alert, cancellationToken) ? updated : null;
        }

        updated = await AdviseAsync(updated, cancellationToken);
        return await TrySaveAsync(updated, AlertEvents.Escalated, alert, now, cancellationToken) ? updated : null;
    }

    private Task<FailureImpact> MeasureAsync(AlertCondition condition, DateTimeOffset now, CancellationToken cancellationToken) =>
        impacts.GetImpactAsync(
            new ImpactQuery(now - options.Alerts.Window, now)
            {
                Endpoint = condition.Endpoint,
                ErrorCode = condition.ErrorCode,
                PatternId = condition.PatternId,
                MinimumLevel = condition.MinimumLevel,
                MinimumResponseTime = condition.MinimumResponseTime,
            },
            cancellationToken);

    private Alert WithImpact(Alert alert, FailureImpact impact)
    {
        var loss = _revenue.Estimate(impact);
        return alert with
        {
            AffectedLogs = impact.AffectedLogs,
            AffectedUsers = impact.AffectedUsers,
            AffectedSessions = impact.AffectedSessions,
            Endpoints = impact.Endpoints.Select(e => e.Endpoint).Take(10).ToList(),
            Cities = impact.Cities,
            ErrorCodes = impact.ErrorCodes,
            PatternIds = impact.PatternIds,
            EstimatedRevenueLossAmount = loss,
            EstimatedRevenueLoss = _revenue.Format(loss),
        };
    }

    /// <summary>HIGH and CRITICAL alerts carry a suggested action and a runbook.</summary>
    private Task<Alert> AdviseAsync(Alert alert, CancellationToken cancellationToken) =>
        AlertSeverity.AtLeast(alert.Severity, "HIGH") ? advisor.AdviseAsync(alert, cancellationToken) : Task.FromResult(alert);

    private async Task SaveAsync(Alert alert, string change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.SaveAsync(alert, change, cancellationToken);
        notifications.Publish(change, alert, now);
    }

    /// <summary>A change to an alert, stored and announced only if it is still as it was <paramref name="read"/>.</summary>
    private async Task<bool> TrySaveAsync(Alert alert, string change, Alert read, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.TrySaveAsync(alert, change, read, cancellationToken))
        {
            return false;
        }

        notifications.Publish(change, alert, now);
        return true;
    }
}
