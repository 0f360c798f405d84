using LogAnalyzer.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LogAnalyzer.Hosting.Coordination;

/// <summary>Registers the fleet lock: in Redis when <see cref="RedisOptions.Configuration"/> is set, otherwise the single-instance lock.</summary>
internal static class FleetRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Redis;
            var configuration = ConfigurationOptions.Parse(redis.Configuration ?? throw new InvalidOperationException("LogAnalyzer:Redis:Configuration is not set."));

            // Start without Redis rather than fail the app; the connection keeps retrying in the background.
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.TryAddSingleton<IFleetLock>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Redis;
            return redis.Configuration is null
                ? LocalFleetLock.Instance
                : new RedisFleetLock(
                    sp.GetRequiredService<IConnectionMultiplexer>(),
                    redis.KeyPrefix,
                    redis.InstanceId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        });
        services.TryAddSingleton<FleetJobs>();
    }
}
