using LogAnalyzer.Coordination;
using LogAnalyzer.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LogAnalyzer.Queue.Redis;

/// <summary>
/// Adds the pipeline's batches to the Redis stream, each batch in one script so it is in the stream whole or not at
/// all, under the condition that the stream stays within <see cref="RedisQueueOptions.MaxLength"/>. When Redis is
/// unreachable, fails or is full, the batch goes to the local store instead, and after a failure Redis is tried again
/// once <see cref="RedisQueueOptions.FallbackRetryInterval"/> has passed.
/// </summary>
internal sealed partial class RedisStreamProducer(
    RedisConnection redis,
    RedisOptions options,
    TimeProvider time,
    LogAnalyzerMetrics metrics,
    ILogger<RedisStreamProducer> logger) : IBatchForwarder
{
    // One script, so the length check and the adds are atomic without optimistic locking (WATCH would abort whenever a
    // consumer reads or acknowledges meanwhile) and a batch is in the stream whole or not at all.
    private const string AddBatchScript = """
        if redis.call('XLEN', KEYS[1]) + #ARGV - 1 > tonumber(ARGV[1]) then return 0 end
        for i = 2, #ARGV do redis.call('XADD', KEYS[1], '*', 'e', ARGV[i]) end
        return 1
        """;

    private readonly RedisStreamKeys _keys = new(options);

    private long _retryAt = long.MinValue;
    private volatile bool _fallingBack;

    public bool FallingBack => _fallingBack;

    public async Task<bool> TryForwardAsync(IReadOnlyList<LogEntry> entries, CancellationToken stopping, CancellationToken cancellationToken)
    {
        // The first batch waits for the first connection attempt (asynchronously, on the pipeline's writer; never at
        // start-up or in a logging call); if it fails, this and later batches go to the local store.
        IConnectionMultiplexer connection;
        try
        {
            connection = await redis.GetAsync().WaitAsync(cancellationToken).WaitAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The attempt can outlast the shutdown budget (its connect timeout); what waits for it is stored locally.
            return FallBack(entries.Count, "still connecting", null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return FallBack(entries.Count, "unreachable", ex);
        }

        if (!connection.IsConnected || time.GetTimestamp() < Volatile.Read(ref _retryAt))
        {
            return FallBack(entries.Count, "unreachable", null);
        }

        try
        {
            var values = new RedisValue[entries.Count + 1];
            values[0] = options.Queue.MaxLength;
            for (var i = 0; i < entries.Count; i++)
            {
                values[i + 1] = StreamEntryCodec.Encode(entries[i]);
            }

            var added = (long)await connection.GetDatabase().ScriptEvaluateAsync(AddBatchScript, [_keys.Stream], values).WaitAsync(cancellationToken);
            if (added == 0)
            {
                return FallBack(entries.Count, "full", null);
            }

            if (_fallingBack)
            {
                _fallingBack = false;
                LogBackOnRedis(logger);
            }

            metrics.RedisQueue("forwarded", entries.Count);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Volatile.Write(ref _retryAt, time.GetTimestamp() + (long)(options.Queue.FallbackRetryInterval.TotalSeconds * time.TimestampFrequency));
            return FallBack(entries.Count, "failed", ex);
        }
    }

    private bool FallBack(int count, string reason, Exception? exception)
    {
        metrics.RedisQueue("fallback", count);
        if (!_fallingBack)
        {
            _fallingBack = true;
            LogFallingBack(logger, exception, reason);
        }

        return false;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "The Redis queue is {Reason}; entries are stored locally until it takes them again.")]
    private static partial void LogFallingBack(ILogger logger, Exception? exception, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "The Redis queue takes entries again.")]
    private static partial void LogBackOnRedis(ILogger logger);
}
