using StackExchange.Redis;

namespace LogAnalyzer.Coordination;

/// <summary>
/// The Redis connection LogAnalyzer's parts share, made on first use and without blocking: with Redis unreachable,
/// connecting takes the whole connect timeout, which must delay neither the app's start-up nor a thread. Until the first
/// attempt ends, <see cref="TryGet"/> answers <see langword="null"/> (callers treat it as unreachable) and
/// <see cref="GetAsync"/> waits for it.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly bool _owned;

    private RedisConnection(Func<Task<IConnectionMultiplexer>> connect, bool owned) =>
        (_connection, _owned) = (new(connect, LazyThreadSafetyMode.ExecutionAndPublication), owned);

    /// <summary>Connects on first use, on the thread pool; the connection is disposed with this object.</summary>
    public static RedisConnection Connect(ConfigurationOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(() => Task.Run(async () => (IConnectionMultiplexer)await ConnectionMultiplexer.ConnectAsync(configuration)), owned: true);
    }

    /// <summary>A connection the app made (and disposes) itself.</summary>
    public static RedisConnection Of(IConnectionMultiplexer connection) => new(() => Task.FromResult(connection), owned: false);

    /// <summary>The connection once the first attempt has ended; <see langword="null"/> before (this call starts it) or if it failed.</summary>
    public IConnectionMultiplexer? TryGet()
    {
        var connecting = _connection.Value;
        return connecting.IsCompletedSuccessfully ? connecting.Result : null;
    }

    /// <summary>The connection, once the first attempt has ended (connected or not: it keeps retrying in the background).</summary>
    public Task<IConnectionMultiplexer> GetAsync() => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (!_owned || !_connection.IsValueCreated)
        {
            return;
        }

        var connecting = _connection.Value;
        if (connecting.IsCompletedSuccessfully)
        {
            await connecting.Result.DisposeAsync();
        }
        else
        {
            // Still inside the connect timeout: do not hold shutdown for it; close the connection when it arrives.
            _ = connecting.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }
}
