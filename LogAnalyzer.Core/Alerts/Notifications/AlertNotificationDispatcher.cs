using System.Threading.Channels;
using LogAnalyzer.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogAnalyzer.Alerts;

/// <summary>
/// Hands notifications to the notifiers off the engine's path: <see cref="Publish"/> only queues (bounded; a full
/// queue drops and counts), and <see cref="RunAsync"/> delivers one at a time with a time limit per notifier.
/// </summary>
internal sealed partial class AlertNotificationDispatcher(
    IEnumerable<IAlertNotifier> notifiers,
    LogAnalyzerOptions options,
    TimeProvider time,
    LogAnalyzerMetrics? metrics = null,
    ILogger<AlertNotificationDispatcher>? logger = null)
{
    private const int Capacity = 1_024;
    private readonly IAlertNotifier[] _notifiers = notifiers.ToArray();
    private readonly ILogger _logger = logger ?? NullLogger<AlertNotificationDispatcher>.Instance;
    private readonly Channel<AlertNotification> _queue = Channel.CreateBounded<AlertNotification>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public bool HasNotifiers => _notifiers.Length > 0;

    public void Publish(string change, Alert alert, DateTimeOffset at)
    {
        metrics?.AlertChanged(change, alert.Severity);
        if (_notifiers.Length > 0 && !_queue.Writer.TryWrite(new AlertNotification(change, alert, at)))
        {
            metrics?.AlertNotification("dropped");
        }
    }

    /// <summary>Delivers until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var selfLog = SelfLogSuppression.Enter();
        await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var notifier in _notifiers)
            {
                await DeliverAsync(notifier, notification, stoppingToken);
            }
        }
    }

    /// <summary>Delivers what is queued now (tests, and the last chance at shutdown).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        using var selfLog = SelfLogSuppression.Enter();
        while (_queue.Reader.TryRead(out var notification))
        {
            foreach (var notifier in _notifiers)
            {
                await DeliverAsync(notifier, notification, cancellationToken);
            }
        }
    }

    private async Task DeliverAsync(IAlertNotifier notifier, AlertNotification notification, CancellationToken stoppingToken)
    {
        using var limit = new CancellationTokenSource(options.Alerts.Webhook.Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, limit.Token);
        try
        {
            await notifier.NotifyAsync(notification, timeout.Token);
            metrics?.AlertNotification("sent");
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            metrics?.AlertNotification("failed");
            LogDeliveryFailed(_logger, notification.Event, notification.Alert.AlertId, notifier.GetType().Name, ex);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Alert notification {Event} of alert {AlertId} failed in {Notifier}.")]
    private static partial void LogDeliveryFailed(ILogger logger, string @event, string alertId, string notifier, Exception exception);
}
