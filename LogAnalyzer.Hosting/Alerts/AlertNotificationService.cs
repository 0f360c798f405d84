using LogAnalyzer.Alerts;
using Microsoft.Extensions.Hosting;

namespace LogAnalyzer.Hosting.Alerts;

/// <summary>Delivers alert notifications in the background; at shutdown, what is still queued gets one last try within the shutdown budget.</summary>
internal sealed class AlertNotificationService(AlertNotificationDispatcher dispatcher) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await dispatcher.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await dispatcher.DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of shutdown time: what is left is dropped.
        }
    }
}
