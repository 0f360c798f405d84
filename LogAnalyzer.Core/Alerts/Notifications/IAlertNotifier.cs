namespace LogAnalyzer.Alerts;

/// <summary>
/// Receives alert notifications: raised, reopened, escalated, acknowledged, cleared and resolved. Register with
/// <c>services.AddSingleton&lt;IAlertNotifier, MyNotifier&gt;()</c>. Notifiers run in the background, one
/// notification at a time, each within <see cref="WebhookOptions.Timeout"/>: a slow or failing notifier never delays
/// the alert engine, and its failures are counted (<c>loganalyzer.alerts.notifications</c>) and logged.
/// </summary>
public interface IAlertNotifier
{
    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">What happened to which alert.</param>
    /// <param name="cancellationToken">Cancelled when the delivery takes too long or the host stops.</param>
    /// <returns>A task that completes when it is delivered.</returns>
    Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken);
}

/// <summary>What happened to an alert.</summary>
/// <param name="Event">One of <see cref="AlertEvents"/>.</param>
/// <param name="Alert">The alert as it is after the change.</param>
/// <param name="At">When.</param>
public sealed record AlertNotification(string Event, Alert Alert, DateTimeOffset At);

/// <summary>The changes an alert goes through; they name its history records and its notifications.</summary>
public static class AlertEvents
{
    /// <summary>A new alert.</summary>
    public const string Raised = "raised";

    /// <summary>A new alert that is a regression of one resolved less than <see cref="AlertOptions.ReopenWithin"/> before.</summary>
    public const string Reopened = "reopened";

    /// <summary>Its severity rose.</summary>
    public const string Escalated = "escalated";

    /// <summary>Someone acknowledged it.</summary>
    public const string Acknowledged = "acknowledged";

    /// <summary>Its condition has been clear for <see cref="AlertOptions.ClearAfterEvaluations"/> evaluations, so the engine resolved it.</summary>
    public const string Cleared = "cleared";

    /// <summary>Someone resolved it.</summary>
    public const string Resolved = "resolved";
}
