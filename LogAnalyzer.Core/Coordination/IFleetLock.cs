namespace LogAnalyzer.Coordination;

/// <summary>
/// Lets a periodic job (alert evaluation, AI analysis, retention) run on one instance of the fleet at a time. The
/// instance that holds a job's lease keeps it by renewing it on every run; when it stops or dies, the lease expires
/// and another instance takes the job over on its next run. Without Redis there is one instance, which always runs.
/// </summary>
public interface IFleetLock
{
    /// <summary>Takes or renews the lease of <paramref name="job"/> for this instance.</summary>
    /// <param name="job">The job's name, such as <c>alerts</c>.</param>
    /// <param name="lease">How long the lease lasts without renewal (longer than the job's interval).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether this instance holds the lease and should run the job now.</returns>
    Task<bool> TryAcquireAsync(string job, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives the lease of <paramref name="job"/> up, if this instance holds it (at shutdown).</summary>
    /// <param name="job">The job's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    Task ReleaseAsync(string job, CancellationToken cancellationToken);
}

/// <summary>The lock of a single instance: it always holds every lease.</summary>
internal sealed class LocalFleetLock : IFleetLock
{
    public static readonly LocalFleetLock Instance = new();

    public Task<bool> TryAcquireAsync(string job, TimeSpan lease, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync(string job, CancellationToken cancellationToken) => Task.CompletedTask;
}
