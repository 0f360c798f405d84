namespace LogAnalyzer.Alerts;

/// <summary>
/// One evaluation: every rule looks at the current window and the baseline; a condition updates the open alert
/// with its fingerprint (its severity only rises) or, once it has held for <see cref="AlertOptions.ConfirmEvaluations"/>
/// consecutive evaluations, raises a new one; an open alert whose condition has not held
/// for <see cref="AlertOptions.ClearAfterEvaluations"/> evaluations resolves itself as "cleared". Every change is
/// stored with a history record.
/// </summary>
internal sealed class AlertEngine(IAlertStore store, IEnumerable<IAlertRule> rules, LogAnalyzerOptions options, TimeProvider time)
{
    /// <summary>The baseline is this many windows before the current one.</summary>
    private const int BaselineWindows = 3;

    /// <summary>New conditions not yet confirmed: fingerprint → consecutive evaluations they have held. Single writer.</summary>
    private Dictionary<string, int> _pending = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Alert>> EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = options.Alerts.Window;
        var current = await store.GetWindowStatsAsync(now - window, now, cancellationToken);
        var baseline = await store.GetWindowStatsAsync(now - (window * (BaselineWindows + 1)), now - window, cancellationToken);
        var context = new AlertContext(now, current, baseline, options);
        var open = (await store.GetOpenAlertsAsync(cancellationToken)).ToDictionary(a => a.Fingerprint, StringComparer.Ordinal);
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

                if (open.TryGetValue(condition.Fingerprint, out var alert))
                {
                    var updated = Update(alert, condition, now);
                    await store.SaveAsync(updated, AlertSeverity.Max(alert.Severity, condition.Severity) != alert.Severity ? "escalated" : null, cancellationToken);
                    changed.Add(updated);
                }
                else if (_pending.GetValueOrDefault(condition.Fingerprint) + 1 < options.Alerts.ConfirmEvaluations)
                {
                    pending[condition.Fingerprint] = _pending.GetValueOrDefault(condition.Fingerprint) + 1;
                }
                else
                {
                    var raised = Raise(condition, now);
                    await store.SaveAsync(raised, "raised", cancellationToken);
                    changed.Add(raised);
                }
            }
        }

        // A pending condition that did not hold this time starts again from zero.
        _pending = pending;
        foreach (var alert in open.Values.Where(a => !seen.Contains(a.Fingerprint)))
        {
            var quiet = alert with { ClearEvaluations = alert.ClearEvaluations + 1 };
            if (quiet.ClearEvaluations >= options.Alerts.ClearAfterEvaluations)
            {
                quiet = quiet with { Status = AlertStatus.Resolved, ResolvedBy = "system", ResolvedAt = now, ResolutionNote = "condition cleared" };
                await store.SaveAsync(quiet, "cleared", cancellationToken);
                changed.Add(quiet);
            }
            else
            {
                await store.SaveAsync(quiet, null, cancellationToken);
            }
        }

        return changed;
    }

    private static Alert Raise(AlertCondition condition, DateTimeOffset now) => new(
        Guid.NewGuid().ToString("N"),
        condition.Type,
        condition.Fingerprint,
        condition.Severity,
        AlertStatus.Active,
        condition.Title,
        condition.Description,
        condition.AffectedLogs,
        condition.AffectedUsers,
        condition.AffectedSessions,
        condition.Endpoints,
        condition.Cities,
        now,
        now);

    private static Alert Update(Alert alert, AlertCondition condition, DateTimeOffset now) => alert with
    {
        Severity = AlertSeverity.Max(alert.Severity, condition.Severity),
        Title = condition.Title,
        Description = condition.Description,
        AffectedLogs = condition.AffectedLogs,
        AffectedUsers = condition.AffectedUsers,
        AffectedSessions = condition.AffectedSessions,
        Endpoints = condition.Endpoints,
        Cities = condition.Cities,
        UpdatedAt = now,
        ClearEvaluations = 0,
    };
}
