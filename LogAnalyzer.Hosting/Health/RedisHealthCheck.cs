using LogAnalyzer.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LogAnalyzer.Hosting.Health;

/// <summary>
/// Redis, when configured: degraded while it is unreachable (fleet jobs skip their runs, the queue falls back to the
/// local store), and while the first connection is still being made.
/// </summary>
internal sealed class RedisHealthCheck(IOptions<LogAnalyzerOptions> options, Queue.RedisQueueServices queue, IServiceProvider services, TimeProvider time) : IHealthCheck
{
    public const string Name = "loganalyzer-redis";

    /// <summary>
    /// How long a check waits for the first connection attempt (started with the host): a reachable Redis answers well
    /// within it, and a probe's usual 1-second timeout is kept.
    /// </summary>
    private static readonly TimeSpan FirstAttemptWait = TimeSpan.FromMilliseconds(500);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Redis.Configuration is null)
        {
            return HealthCheckResult.Healthy("Redis is not configured.");
        }

        IConnectionMultiplexer? redis;
        try
        {
            redis = await services.GetRequiredService<RedisConnection>().GetAsync().WaitAsync(FirstAttemptWait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            redis = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"Redis could not be connected to: {WhileUnreachable()}", ex);
        }

        var connected = redis?.IsConnected ?? false;
        var data = new Dictionary<string, object> { ["connected"] = connected, ["queue"] = queue.Enabled, ["fallingBack"] = queue.FallingBack };
        if (redis is null)
        {
            return HealthCheckResult.Degraded("Connecting to Redis: fleet jobs wait for it" + (queue.Enabled ? " and so does the queue." : "."), data: data);
        }

        if (!connected)
        {
            return HealthCheckResult.Degraded($"Redis is unreachable: {WhileUnreachable()}", data: data);
        }

        return queue.FallingBack
            ? HealthCheckResult.Degraded("The Redis stream refused entries (full or failing): they go to the local store.", data: data)
            : HealthCheckResult.Healthy("Redis is connected.", data);
    }

    private string WhileUnreachable() => "fleet jobs skip their runs" + (queue.Enabled ? " and entries go to the local store." : ".");
}
