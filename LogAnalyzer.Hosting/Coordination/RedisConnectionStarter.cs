using LogAnalyzer.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Coordination;

/// <summary>
/// Starts connecting to Redis when the host starts, without waiting for it, so the first health check and the first
/// batch find the connection made or under way.
/// </summary>
internal sealed class RedisConnectionStarter(IOptions<LogAnalyzerOptions> options, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Redis.Configuration is not null)
        {
            // A failed attempt is seen (and made again) by whoever needs the connection next.
            _ = services.GetRequiredService<RedisConnection>().GetAsync().ContinueWith(
                static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
