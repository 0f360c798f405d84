namespace LogAnalyzer.Hosting.Queue;

/// <summary>Runs this instance's consumer of the Redis stream for the host's lifetime, when the queue is enabled.</summary>
/// <remarks>
/// Registered after the service that initializes the store, so the consumer starts on a ready store; it stops first
/// at shutdown (hosted services stop in reverse), finishing the batch it is storing.
/// </remarks>
internal sealed class RedisQueueService(RedisQueueServices queue) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        queue.Consumer?.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => queue.Consumer?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
