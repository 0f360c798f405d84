using StackExchange.Redis;

namespace LogAnalyzer.Coordination;

/// <summary>
/// The Redis connection LogAnalyzer's parts share, made in the background: with Redis unreachable, connecting takes
/// the whole connect timeout, which must delay neither the app's start-up nor a thread. Until the first attempt ends,
/// <see cref="TryGet"/> answers <see langword="null"/> (callers treat it as unreachable) and <see cref="GetAsync"/>
/// waits for it. An attempt that failed outright is made again at the next call.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly bool _owned;
    private readonly Lock _lock = new();
    private Task<IConnectionMultiplexer>? _connecting;

    private RedisConnection(Func<Task<IConnectionMultiplexer>> connect, bool owned) => (_connect, _owned) = (connect, owned);

    /// <summary>Connects on first use, on the thread pool; the connection is disposed with this object.</summary>
    public static RedisConnection Connect(ConfigurationOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(() => Task.Run(async () => (IConnectionMultiplexer)await ConnectionMultiplexer.ConnectAsync(configuration)), owned: true);
    }

    /// <summary>A connection the app made (and disposes) itself.</summary>
    public static RedisConnection Of(IConnectionMultiplexer connection) => new(() => Task.FromResult(connection), owned: false);

    /// <summary>The connection once an attempt has ended; <see langword="null"/> before (this call starts one) or if it failed.</summary>
    public IConnectionMultiplexer? TryGet()
    {
        var connecting = GetAsync();
        return connecting.IsCompletedSuccessfully ? connecting.Result : null;
    }

    /// <summary>The connection, once the first attempt has ended (connected or not: it keeps retrying in the background).</summary>
    public Task<IConnectionMultiplexer> GetAsync()
    {
        lock (_lock)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = _connect();
            }

            return _connecting;
        }
    }

    public ValueTask DisposeAsync()
    {
        // ConnectionMultiplexer's own DisposeAsync only wraps its synchronous close.
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (Started() is not { } connecting)
        {
            return;
        }

        if (connecting.IsCompletedSuccessfully)
        {
            connecting.Result.Dispose();
        }
        else
        {
            CloseWhenConnected(connecting);
        }
    }

    // Still inside the connect timeout: do not hold shutdown for it; close the connection when it arrives.
    private static void CloseWhenConnected(Task<IConnectionMultiplexer> connecting) =>
        _ = connecting.ContinueWith(
            static t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    t.Result.Dispose();
                }
                else
                {
                    _ = t.Exception;
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);

    private Task<IConnectionMultiplexer>? Started()
    {
        lock (_lock)
        {
            return _owned ? _connecting : null;
        }
    }
}
