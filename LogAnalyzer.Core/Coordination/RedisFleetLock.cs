using StackExchange.Redis;

namespace LogAnalyzer.Coordination;

/// <summary>
/// Leases in Redis: <c>{prefix}lock:{job}</c> holds the id of the instance that runs the job, with an expiry.
/// Taking is <c>SET NX PX</c>, renewing and releasing check that the value is still this instance's (StackExchange.Redis'
/// <c>LockTake</c>/<c>LockExtend</c>/<c>LockRelease</c>, which run those checks atomically in Redis), so an instance whose
/// lease expired while it paused can never renew or delete the lease another instance has taken since.
/// </summary>
internal sealed class RedisFleetLock(RedisConnection redis, string keyPrefix, string instanceId) : IFleetLock
{
    public string InstanceId { get; } = instanceId;

    public async Task<bool> TryAcquireAsync(string job, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = (await redis.GetAsync().WaitAsync(cancellationToken)).GetDatabase();
        var key = Key(job);
        return await database.LockExtendAsync(key, InstanceId, lease) || await database.LockTakeAsync(key, InstanceId, lease);
    }

    public async Task ReleaseAsync(string job, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // No connection yet, so no lease was ever taken here: nothing to give up, and no reason to wait for one.
        if (redis.TryGet() is { } connection)
        {
            await connection.GetDatabase().LockReleaseAsync(Key(job), InstanceId);
        }
    }

    private RedisKey Key(string job) => $"{keyPrefix}lock:{job}";
}
