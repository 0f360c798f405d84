using LogAnalyzer.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Alerts;

/// <summary>Evaluates the alert rules every <see cref="AlertOptions.EvaluationInterval"/>; a failed evaluation is logged and the next one runs.</summary>
internal sealed partial class AlertEvaluationService(AlertEngine engine, IOptions<LogAnalyzerOptions> options, TimeProvider time, ILogger<AlertEvaluationService> logger)
    : BackgroundService
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
                    await engine.EvaluateAsync(stoppingToken);
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

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Evaluating the alert rules failed; the next evaluation tries again.")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
