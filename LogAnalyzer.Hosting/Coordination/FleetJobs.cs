using LogAnalyzer.Coordination;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Hosting.Coordination;

/// <summary>
/// Asks the fleet lock before each run of a periodic job. When Redis cannot be asked, the run is skipped (and
/// logged): running on every instance at once is what the lock exists to prevent.
/// </summary>
internal sealed partial class FleetJobs(IFleetLock fleetLock, ILogger<FleetJobs> logger)
{
    /// <summary>Whether this instance should run <paramref name="job"/> now; the lease outlives two missed runs.</summary>
    public async Task<bool> ShouldRunAsync(string job, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            return await fleetLock.TryAcquireAsync(job, interval * 3, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogLockUnavailable(logger, job, ex);
            return false;
        }
    }

    /// <summary>Gives the lease up at shutdown, so that another instance takes the job over on its next run.</summary>
    public async Task ReleaseAsync(string job)
    {
        try
        {
            await fleetLock.ReleaseAsync(job, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogLockUnavailable(logger, job, ex);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "The fleet lock of {Job} could not be checked; this run is skipped.")]
    private static partial void LogLockUnavailable(ILogger logger, string job, Exception exception);
}
