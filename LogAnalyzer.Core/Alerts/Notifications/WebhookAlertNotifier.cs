using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace LogAnalyzer.Alerts;

/// <summary>
/// POSTs each notification at or above <see cref="WebhookOptions.MinimumSeverity"/> to <see cref="WebhookOptions.Url"/>:
/// as JSON (<c>{"event", "at", "alert"}</c>) or as a Slack-compatible <c>{"text"}</c> body. The HttpClient comes from
/// the host's factory with a resilience pipeline (retries with backoff, circuit breaker); a final failure throws to the
/// dispatcher, which counts and logs it.
/// </summary>
internal sealed class WebhookAlertNotifier(Func<HttpClient> httpClient, WebhookOptions options) : IAlertNotifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (options.Url is not { } url || !AlertSeverity.AtLeast(notification.Alert.Severity, options.MinimumSeverity))
        {
            return;
        }

        object body = options.Format == "slack"
            ? new { text = SlackText(notification) }
            : new { @event = notification.Event, at = notification.At, alert = notification.Alert };
        using var response = await httpClient().PostAsJsonAsync(url, body, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>One message a person reads in a channel: what happened, how bad, who is affected, what to do.</summary>
    internal static string SlackText(AlertNotification notification)
    {
        var alert = notification.Alert;
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder()
            .Append(c, $"*[{alert.Severity}] {alert.Title}* — {notification.Event}\n")
            .Append(alert.Description).Append('\n')
            .Append(c, $"{alert.AffectedLogs:N0} entries · {alert.AffectedUsers:N0} users · {alert.AffectedSessions:N0} sessions");
        if (alert.EstimatedRevenueLossAmount > 0)
        {
            text.Append(" · estimated loss ").Append(alert.EstimatedRevenueLoss);
        }

        if (alert.SuggestedAction is { } action && notification.Event is AlertEvents.Raised or AlertEvents.Reopened or AlertEvents.Escalated)
        {
            text.Append("\nSuggested action: ").Append(action);
        }

        if (alert.ResolutionNote is { } note && notification.Event is AlertEvents.Resolved or AlertEvents.Cleared)
        {
            text.Append(c, $"\nResolved by {alert.ResolvedBy}: {note}");
        }

        return text.Append(c, $"\nAlert {alert.AlertId}").ToString();
    }
}
