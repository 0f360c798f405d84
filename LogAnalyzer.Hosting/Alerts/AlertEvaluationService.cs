using LogAnalyzer.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Alerts;

/// <summary>
/// Evaluates the alert rules every <see cref="AlertOptions.EvaluationInterval"/> on the one instance of the fleet
/// that holds the <c>alerts</c> lease; a failed evaluation is logged and the next one runs.
/// </summary>
internal sealed partial class AlertEvaluationService(
    AlertEngine engine,
    Coordination.FleetJobs fleet,
    IOptions<LogAnalyzerOptions> options,
    TimeProvider time,
    ILogger<AlertEvaluationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Alerts.EvaluationInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (await fleet.ShouldRunAsync(Job, options.Value.Alerts.EvaluationInterval, stoppingToken))
                    {
                        await engine.EvaluateAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogEvaluationFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public const string Job = "alerts";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await fleet.ReleaseAsync(Job);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Evaluating the alert rules failed; the next evaluation tries again.")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
