using LogAnalyzer.Ai.Analysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Ai;

/// <summary>
/// Runs the pattern analysis every <see cref="AiOptions.AnalysisInterval"/>, and a few seconds after a new anomalous
/// pattern appears (the delay gathers a burst into one run), on the one instance of the fleet that holds the
/// <c>analysis</c> lease. A failed run is logged and the next one tries again.
/// </summary>
internal sealed partial class PatternAnalysisService(
    PatternAnalyzer analyzer,
    AnalysisTrigger trigger,
    Coordination.FleetJobs fleet,
    IOptions<LogAnalyzerOptions> options,
    TimeProvider time,
    ILogger<PatternAnalysisService> logger) : BackgroundService
{
    /// <summary>How long after a trigger the run starts, so that a burst of new patterns is analysed together.</summary>
    internal static readonly TimeSpan TriggerDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Ai.AnalysisInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var triggered = trigger.WaitAsync(stoppingToken);
                if (await Task.WhenAny(triggered, Task.Delay(interval, time, stoppingToken)) == triggered)
                {
                    await Task.Delay(TriggerDelay, time, stoppingToken);
                }

                trigger.Reset();
                if (!await fleet.ShouldRunAsync(Job, interval, stoppingToken))
                {
                    continue;
                }

                var run = await analyzer.RunOnceAsync(stoppingToken);
                if (run.Candidates > 0)
                {
                    LogRun(logger, run.Candidates, run.Analysed, run.BuiltIn, run.Failed, run.Deferred, run.Calls);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRunFailed(logger, ex);
            }
        }
    }

    public const string Job = "analysis";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await fleet.ReleaseAsync(Job);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Pattern analysis: {Candidates} patterns, {Analysed} by the model, {BuiltIn} built in, {Failed} failed, {Deferred} deferred, {Calls} calls.")]
    private static partial void LogRun(ILogger logger, int candidates, int analysed, int builtIn, int failed, int deferred, int calls);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "A pattern analysis run failed; the next one tries again.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
