using LogAnalyzer.Coordination;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LogAnalyzer.Queue.Redis;

/// <summary>
/// One instance's reader of the shared stream: reads batches through the consumer group, stores each batch in one
/// transaction and acknowledges it. Entries it read before and did not acknowledge (a failed write, a restart under the
/// same <see cref="RedisOptions.InstanceId"/>) are read again first; entries idle at another consumer for
/// <see cref="RedisQueueOptions.ClaimIdleTime"/> (it died or stalled) are claimed. An entry the store refuses is tried
/// <see cref="RedisQueueOptions.MaxAttempts"/> times with doubling delays and then moved to the dead-letter stream; a store
/// that refuses every entry is down, which costs no attempt: the batch waits for it.
/// </summary>
internal sealed partial class RedisStreamConsumer : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(5);

    // Resolved on the consumer's own loop: connecting can take the connect timeout and must not hold up start-up.
    private readonly RedisConnection _redis;
    private readonly ILogStore _store;
    private readonly RedisQueueOptions _options;
    private readonly RedisStreamKeys _keys;
    private readonly TimeProvider _time;
    private readonly LogAnalyzerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);

    // Stored, but Redis failed before they were acknowledged: when they are read again they are acknowledged, not stored twice.
    private readonly HashSet<string> _storedUnacknowledged = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private bool _groupReady;
    private bool _readOwnPendingFirst = true;
    private int _outageRounds;
    private long _nextClaim;
    private long _nextTrim;

    public RedisStreamConsumer(RedisConnection redis, ILogStore store, RedisOptions options, string consumerName, TimeProvider time, LogAnalyzerMetrics metrics, ILogger<RedisStreamConsumer> logger)
    {
        _redis = redis;
        _store = store;
        _options = options.Queue;
        _keys = new RedisStreamKeys(options);
        ConsumerName = consumerName;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>This consumer's name in the group.</summary>
    public string ConsumerName { get; }

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>Stops reading; the batch being stored is finished and acknowledged first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    /// <summary>
    /// Reads and stores one batch. A write is never cancelled half-way. For the loop and tests.
    /// </summary>
    /// <returns>Whether anything was read, and how long to wait before reading again when entries are left to retry.</returns>
    internal async Task<(bool Read, TimeSpan? RetryAfter)> RunOnceAsync()
    {
        var database = (await _redis.GetAsync()).GetDatabase();
        await EnsureGroupAsync(database);
        var batch = await ReadAsync(database);

        // Every round, not only when idle: under steady load the stream would otherwise keep what was stored until
        // it reached MaxLength and producers fell back to their local stores. What was just read is pending, so kept.
        await TrimIfDueAsync(database);
        if (batch.Length == 0)
        {
            return (false, null);
        }

        var retryAfter = await StoreAsync(database, batch);
        if (retryAfter is not null)
        {
            _readOwnPendingFirst = true;
        }

        return (true, retryAfter);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        // The store may log a failing write; that must not be queued again by a logging sink.
        using var selfLog = SelfLogSuppression.Enter();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_redis.TryGet() is not { IsConnected: true })
                {
                    await Task.Delay(_options.PollInterval, _time, stopping);
                    continue;
                }

                var (read, retryAfter) = await RunOnceAsync();
                if (retryAfter is not null || !read)
                {
                    await Task.Delay(retryAfter ?? _options.PollInterval, _time, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Redis may have restarted (or anything else went wrong): the loop must go on, so read what this
                // consumer holds again before new entries.
                _groupReady = false;
                _readOwnPendingFirst = true;
                LogRedisFailed(_logger, ex);
                await DelayQuietly(_options.PollInterval * 10, stopping);
            }
        }
    }

    private async Task EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // From the stream's start, so entries added before any consumer existed are stored too.
            await database.StreamCreateConsumerGroupAsync(_keys.Stream, _keys.Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another instance created it.
        }

        _groupReady = true;
    }

    private async Task<StreamEntry[]> ReadAsync(IDatabase database)
    {
        if (_readOwnPendingFirst)
        {
            var pending = await database.StreamReadGroupAsync(_keys.Stream, _keys.Group, ConsumerName, StreamPosition.Beginning, _options.ReadBatchSize);
            if (pending.Length > 0)
            {
                return pending;
            }

            _readOwnPendingFirst = false;
        }

        var fresh = await database.StreamReadGroupAsync(_keys.Stream, _keys.Group, ConsumerName, StreamPosition.NewMessages, _options.ReadBatchSize);
        if (fresh.Length > 0 || _time.GetTimestamp() < _nextClaim)
        {
            return fresh;
        }

        _nextClaim = _time.GetTimestamp() + Ticks(_options.ClaimIdleTime / 2);
        var claimed = await database.StreamAutoClaimAsync(
            _keys.Stream, _keys.Group, ConsumerName, (long)_options.ClaimIdleTime.TotalMilliseconds, "0-0", _options.ReadBatchSize);
        if (claimed.ClaimedEntries.Length > 0)
        {
            _metrics.RedisQueue("claimed", claimed.ClaimedEntries.Length);
            LogClaimed(_logger, claimed.ClaimedEntries.Length);
        }

        return claimed.ClaimedEntries;
    }

    /// <summary>Stores and acknowledges what it can; returns how long to wait before reading the rest again, if any is left.</summary>
    private async Task<TimeSpan?> StoreAsync(IDatabase database, StreamEntry[] batch)
    {
        var ids = new List<RedisValue>(batch.Length);
        var entries = new List<LogEntry>(batch.Length);
        var payloads = new List<RedisValue>(batch.Length);
        var storedBefore = new List<RedisValue>();
        var vanished = new List<RedisValue>();
        foreach (var message in batch)
        {
            if (_storedUnacknowledged.Contains(message.Id.ToString()))
            {
                storedBefore.Add(message.Id);
                continue;
            }

            var payload = message.IsNull ? RedisValue.Null : message[RedisStreamKeys.EntryField];
            if (payload.IsNull)
            {
                // Trimmed or deleted while pending: nothing to store.
                vanished.Add(message.Id);
                continue;
            }

            if (StreamEntryCodec.TryDecode((byte[])payload!) is not { } entry)
            {
                await DeadLetterAsync(database, message.Id, payload, "The message is not a LogAnalyzer entry.", attempts: 1);
                continue;
            }

            ids.Add(message.Id);
            entries.Add(entry);
            payloads.Add(payload);
        }

        if (storedBefore.Count > 0)
        {
            await AcknowledgeAsync(database, storedBefore, storedBefore.Count);
        }

        if (vanished.Count > 0)
        {
            await AcknowledgeAsync(database, vanished, stored: 0);
        }

        if (entries.Count == 0)
        {
            return null;
        }

        try
        {
            await _store.AppendAsync(entries, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStoreFailed(_logger, ex, entries.Count);
            return await StoreOneByOneAsync(database, ids, entries, payloads);
        }

        _outageRounds = 0;
        await AcknowledgeStoredAsync(database, ids);
        return null;
    }

    private async Task<TimeSpan?> StoreOneByOneAsync(IDatabase database, List<RedisValue> ids, List<LogEntry> entries, List<RedisValue> payloads)
    {
        // One at a time, to tell entries the store refuses from a store that is down.
        var stored = 0;
        var refused = new List<(RedisValue Id, RedisValue Payload, Exception Error)>();
        for (var i = 0; i < entries.Count; i++)
        {
            try
            {
                await _store.AppendAsync([entries[i]], CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                refused.Add((ids[i], payloads[i], ex));
                continue;
            }

            // At once: a slow pass over the batch must not leave stored entries pending long enough to be claimed.
            stored++;
            await AcknowledgeStoredAsync(database, [ids[i]]);
        }

        if (stored == 0 && entries.Count > 1)
        {
            _outageRounds++;
            return Backoff(_outageRounds);
        }

        var highest = 0;
        foreach (var (id, payload, error) in refused)
        {
            var key = id.ToString();
            var attempts = _attempts.GetValueOrDefault(key) + 1;
            if (attempts >= _options.MaxAttempts)
            {
                _attempts.Remove(key);
                await DeadLetterAsync(database, id, payload, $"{error.GetType().FullName}: {error.Message}", attempts);
            }
            else
            {
                _attempts[key] = attempts;
                highest = Math.Max(highest, attempts);
            }
        }

        return highest == 0 ? null : Backoff(highest);
    }

    private async Task AcknowledgeStoredAsync(IDatabase database, List<RedisValue> ids)
    {
        try
        {
            await AcknowledgeAsync(database, ids, ids.Count);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            foreach (var id in ids)
            {
                _storedUnacknowledged.Add(id.ToString());
            }

            throw;
        }
    }

    private async Task AcknowledgeAsync(IDatabase database, IReadOnlyCollection<RedisValue> ids, int stored)
    {
        // Two single-key commands, not one transaction: the stream and the counter may live on different cluster slots.
        await database.StreamAcknowledgeAsync(_keys.Stream, _keys.Group, [.. ids]);
        foreach (var id in ids)
        {
            _attempts.Remove(id.ToString());
            _storedUnacknowledged.Remove(id.ToString());
        }

        if (stored > 0)
        {
            await database.StringIncrementAsync(_keys.Completed, stored);
            _metrics.Ingested(stored);
            _metrics.RedisQueue("stored", stored);
        }
    }

    private async Task DeadLetterAsync(IDatabase database, RedisValue id, RedisValue payload, string error, int attempts)
    {
        await database.StreamAddAsync(
            _keys.DeadLetters,
            [
                new NameValueEntry(RedisStreamKeys.EntryField, payload),
                new NameValueEntry("id", id),
                new NameValueEntry("error", error),
                new NameValueEntry("attempts", attempts),
                new NameValueEntry("consumer", ConsumerName),
                new NameValueEntry("at", _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ],
            maxLength: _options.DeadLetterMaxLength,
            useApproximateMaxLength: true);
        await database.StreamAcknowledgeAsync(_keys.Stream, _keys.Group, id);
        _metrics.RedisQueue("dead_lettered", 1);
        LogDeadLettered(_logger, id.ToString(), attempts);
    }

    /// <summary>
    /// Deletes what every group has stored: entries older than the oldest one still pending or not yet delivered.
    /// A length cap (<c>MAXLEN</c>) would also delete entries nobody has stored yet.
    /// </summary>
    private async Task TrimIfDueAsync(IDatabase database)
    {
        if (_time.GetTimestamp() < _nextTrim)
        {
            return;
        }

        _nextTrim = _time.GetTimestamp() + Ticks(TrimInterval);
        RedisValue? keepFrom = null;
        foreach (var group in await database.StreamGroupInfoAsync(_keys.Stream))
        {
            var oldest = group.PendingMessageCount > 0
                ? (await database.StreamPendingAsync(_keys.Stream, group.Name)).LowestPendingMessageId
                : (RedisValue)(group.LastDeliveredId ?? "0-0");
            if (keepFrom is null || StreamId.Compare(oldest, keepFrom.Value) < 0)
            {
                keepFrom = oldest;
            }
        }

        if (keepFrom is { } minimum && minimum != "0-0")
        {
            await database.StreamTrimByMinIdAsync(_keys.Stream, minimum);
        }
    }

    private TimeSpan Backoff(int attempt) => Pipeline.Backoff.Delay(_options.RetryBaseDelay, attempt - 1, MaxBackoff);

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private async Task DelayQuietly(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Storing {Count} entries from the Redis queue failed; trying them one by one.")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Entry {StreamId} moved to the dead-letter stream after {Attempts} attempts.")]
    private static partial void LogDeadLettered(ILogger logger, string streamId, int attempts);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Claimed {Count} entries another consumer left unacknowledged.")]
    private static partial void LogClaimed(ILogger logger, int count);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Reading or storing from the Redis queue failed; retrying.")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);
}
