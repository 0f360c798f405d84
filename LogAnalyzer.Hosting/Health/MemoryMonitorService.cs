using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Health;

/// <summary>
/// The seed's memory monitor: samples the process's resident memory every <see cref="HealthOptions.MemoryCheckInterval"/>
/// and warns once each time it rises above <see cref="HealthOptions.MemoryWarningMegabytes"/>.
/// </summary>
internal sealed partial class MemoryMonitorService(IOptions<LogAnalyzerOptions> options, TimeProvider time, ILogger<MemoryMonitorService> logger) : BackgroundService
{
    private bool _above;

    /// <summary>The resident set size of this process, in megabytes.</summary>
    public static long ResidentMegabytes()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64 / (1024 * 1024);
    }

    /// <summary>Checks once; returns whether it warned. For the loop and tests.</summary>
    internal bool Sample(long megabytes)
    {
        var limit = options.Value.Health.MemoryWarningMegabytes;
        var wasAbove = _above;
        _above = megabytes > limit;
        if (_above && !wasAbove)
        {
            LogHighMemory(logger, megabytes, limit);
            return true;
        }

        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Health.MemoryCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample(ResidentMegabytes());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "High memory usage: {Megabytes}MB (the warning threshold is {Limit}MB).")]
    private static partial void LogHighMemory(ILogger logger, long megabytes, int limit);
}
