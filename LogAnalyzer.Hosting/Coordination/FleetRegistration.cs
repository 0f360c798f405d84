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
        services.TryAddSingleton(sp =>
        {
            // A connection the app registered itself is shared rather than opening a second one.
            if (sp.GetService<IConnectionMultiplexer>() is { } existing)
            {
                return RedisConnection.Of(existing);
            }

            var redis = sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Redis;
            var configuration = ConfigurationOptions.Parse(redis.Configuration ?? throw new InvalidOperationException("LogAnalyzer:Redis:Configuration is not set."));

            // Start without Redis rather than fail the app; the connection keeps retrying in the background.
            configuration.AbortOnConnectFail = false;
            return RedisConnection.Connect(configuration);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, RedisConnectionStarter>());
        services.TryAddSingleton(sp => new FleetInstance(
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Redis.InstanceId
            ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"));
        services.TryAddSingleton<IFleetLock>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Redis;
            return redis.Configuration is null
                ? LocalFleetLock.Instance
                : new RedisFleetLock(sp.GetRequiredService<RedisConnection>(), redis.KeyPrefix, sp.GetRequiredService<FleetInstance>().InstanceId);
        });
        services.TryAddSingleton<FleetJobs>();
    }
}

/// <summary>This instance's name in the fleet: its leases' holder and its consumer in the queue's group.</summary>
/// <param name="InstanceId"><see cref="RedisOptions.InstanceId"/>, or a name unique to this process.</param>
internal sealed record FleetInstance(string InstanceId);
