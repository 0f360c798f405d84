using LogAnalyzer.Coordination;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Queue;
using LogAnalyzer.Queue.Redis;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LogAnalyzer.Hosting.Queue;

/// <summary>Registers the Redis stream's producer and this instance's consumer; both stay idle unless the queue is enabled.</summary>
internal static class RedisQueueRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new RedisQueueServices(sp));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, RedisQueueService>());
    }
}

/// <summary>The queue's parts when <see cref="RedisQueueOptions.Enabled"/>; <see langword="null"/> parts otherwise.</summary>
internal sealed class RedisQueueServices
{
    private readonly Lazy<RedisStreamProducer?> _producer;
    private readonly Lazy<RedisStreamConsumer?> _consumer;

    public RedisQueueServices(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Redis;
        Enabled = options.Queue.Enabled && options.Configuration is not null;
        _producer = new(() => Enabled
            ? new RedisStreamProducer(
                services.GetRequiredService<RedisConnection>(),
                options,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<LogAnalyzerMetrics>(),
                services.GetRequiredService<ILogger<RedisStreamProducer>>())
            : null);
        _consumer = new(() => Enabled && options.Queue.Consume
            ? new RedisStreamConsumer(
                services.GetRequiredService<RedisConnection>(),
                services.GetRequiredService<ILogStore>(),
                options,
                services.GetRequiredService<Coordination.FleetInstance>().InstanceId,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<LogAnalyzerMetrics>(),
                services.GetRequiredService<ILogger<RedisStreamConsumer>>())
            : null);
        Keys = Enabled ? new RedisStreamKeys(options) : null;
        _services = services;
    }

    private readonly IServiceProvider _services;

    public bool Enabled { get; }

    public RedisStreamKeys? Keys { get; }

    public IBatchForwarder? Producer => _producer.Value;

    public RedisStreamConsumer? Consumer => _consumer.Value;

    /// <summary>Whether producers currently store locally because Redis failed or the stream was full.</summary>
    public bool FallingBack => Producer?.FallingBack ?? false;

    /// <summary>The stream's statistics; <see langword="null"/> when the queue is off or Redis cannot answer now.</summary>
    public async Task<RedisQueueStatistics?> TryReadStatisticsAsync()
    {
        if (Keys is null)
        {
            return null;
        }

        if (_services.GetRequiredService<RedisConnection>().TryGet() is not { IsConnected: true } redis)
        {
            return null;
        }

        try
        {
            return await RedisQueueStatistics.ReadAsync(redis.GetDatabase(), Keys);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }
}
