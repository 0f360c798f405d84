using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Health;

/// <summary>Redis, when configured: degraded while it is unreachable (fleet jobs skip their runs, the queue falls back to the local store).</summary>
internal sealed class RedisHealthCheck(IOptions<LogAnalyzerOptions> options, Queue.RedisQueueServices queue, IServiceProvider services) : IHealthCheck
{
    public const string Name = "loganalyzer-redis";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Redis.Configuration is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Redis is not configured."));
        }

        var redis = services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        var data = new Dictionary<string, object> { ["connected"] = redis.IsConnected, ["queue"] = queue.Enabled, ["fallingBack"] = queue.FallingBack };
        if (!redis.IsConnected)
        {
            return Task.FromResult(HealthCheckResult.Degraded("Redis is unreachable: fleet jobs skip their runs" + (queue.Enabled ? " and entries go to the local store." : "."), data: data));
        }

        return Task.FromResult(queue.FallingBack
            ? HealthCheckResult.Degraded("The Redis stream refused entries (full or failing): they go to the local store.", data: data)
            : HealthCheckResult.Healthy("Redis is connected.", data));
    }
}
