using System.Threading.Channels;
using LogAnalyzer.Analysis;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Queue;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Pipeline;

/// <summary>
/// A bounded channel drained by one background writer. Admission is counted in entries (a batch from the API is
/// admitted whole or not at all) and an entry holds its place until it is stored, so the pipeline never holds more
/// than <see cref="PipelineOptions.Capacity"/> entries, queued, being analysed or being written.
/// The writer commits a batch when <see cref="PipelineOptions.BatchSize"/> entries wait, when the oldest has waited
/// <see cref="PipelineOptions.FlushInterval"/>, or at once when a producer awaits the commit; it takes whatever
/// else is waiting into the same transaction, up to <see cref="PipelineOptions.MaxBatchSize"/> (group commit).
/// Once a logged event finds no room, logged events fill only <see cref="PipelineOptions.OverloadCapacity"/> of it
/// until the writer catches up (<see cref="OverloadGate"/>); the API's batches may still fill all of it.
/// </summary>
internal sealed partial class LogPipeline : ILogPipeline, IAsyncDisposable
{
    private const int Created = 0, Running = 1, Stopping = 2, Stopped = 3;
    private const int MarkerRoom = 64;
    private static readonly TimeSpan IdleBeforeMaintenance = TimeSpan.FromMilliseconds(200);

    private readonly ILogStore _store;
    private readonly PipelineOptions _options;
    private readonly LogEntryLimits _limits;
    private readonly TimeProvider _time;
    private readonly LogAnalyzerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IEntryAnalyzer? _analyzer;
    private readonly IBatchForwarder? _forwarder;
    private readonly Channel<IngestItem> _channel;
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly OverloadGate _overload;
    private TaskCompletionSource _room = NewSignal();
    private Task _writer = Task.CompletedTask;
    private ITimer? _shutdownTimer;
    private int _state;
    private long _queued;
    private long _active;
    private long _inHand;
    private long _completed;
    private long _failed;
    private long _dropped;
    private long _overloadLooks;
    private volatile bool _maintenanceDue;
    private volatile StoreWriteFailure? _writeFailure;

    public LogPipeline(
        ILogStore store,
        IOptions<LogAnalyzerOptions> options,
        TimeProvider time,
        LogAnalyzerMetrics metrics,
        ILogger<LogPipeline> logger,
        IEntryAnalyzer? analyzer = null,
        IBatchForwarder? forwarder = null)
    {
        _analyzer = analyzer;
        _forwarder = forwarder;
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value.Pipeline;
        _limits = options.Value.Limits;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _overload = new OverloadGate(_options);
        // Admission is gated in entries before an item is written, so the channel's own bound (in items, each
        // holding at least one entry, plus room for flush markers) never refuses an admitted entry.
        _channel = Channel.CreateBounded<IngestItem>(new BoundedChannelOptions(_options.Capacity + MarkerRoom)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        metrics.ObserveQueueDepth(() => Volatile.Read(ref _queued));
    }

    public PipelineStats Stats => new(
        Math.Max(0, Volatile.Read(ref _queued) - Volatile.Read(ref _active)),
        Volatile.Read(ref _active),
        Volatile.Read(ref _completed),
        Volatile.Read(ref _failed),
        Volatile.Read(ref _dropped),
        _options.Capacity)
    {
        Overloaded = _overload.Overloaded,
    };

    /// <summary>Why the store refuses writes now (the batch is being retried); <see langword="null"/> once a write succeeds.</summary>
    internal StoreWriteFailure? WriteFailure => _writeFailure;

    /// <summary>Entries the writer has taken from the queue and not yet stored or given up (for tests).</summary>
    internal long InHand => Volatile.Read(ref _inHand);

    /// <summary>How many times an idle writer has looked whether an overload can end (for tests).</summary>
    internal long OverloadLooks => Interlocked.Read(ref _overloadLooks);

    /// <summary>Starts the background writer. Entries queued before are written then.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Created) == Created)
        {
            _writer = Task.Run(RunWriterAsync);
        }
    }

    public bool TryEnqueue(LogEntry entry) => TryEnqueue(new IngestItem(entry));

    /// <summary>
    /// Whether an event offered now would be dropped (queue full or stopping); if so it is counted as dropped, so
    /// an integration can skip capturing it. A <see langword="false"/> answer can still end in a drop.
    /// </summary>
    internal bool DropIfFull()
    {
        if (Volatile.Read(ref _state) >= Stopping)
        {
            Drop(1, "stopped");
            return true;
        }

        var capacity = _overload.LoggedCapacity;
        if (Volatile.Read(ref _queued) < capacity)
        {
            return false;
        }

        Refuse(capacity);
        return true;
    }

    /// <summary>
    /// Queues an event an integration captured without building its entry; the writer builds it with
    /// <paramref name="materializer"/>. Never blocks; a full queue drops and counts it.
    /// </summary>
    internal bool TryEnqueue(object captured, IEntryMaterializer materializer) => TryEnqueue(new IngestItem(captured, materializer));

    public async Task<EnqueueResult> EnqueueAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > _options.Capacity)
        {
            throw new ArgumentException($"A unit of {entries.Count} entries can never fit a queue of capacity {_options.Capacity}.", nameof(entries));
        }

        if (entries.Count == 0)
        {
            return EnqueueResult.Committed;
        }

        var admitted = await WaitForRoomAsync(entries.Count, cancellationToken);
        if (admitted != EnqueueResult.Committed)
        {
            return admitted;
        }

        var ticket = new IngestTicket(entries);
        if (!_channel.Writer.TryWrite(new IngestItem(ticket)))
        {
            Release(entries.Count);
            return EnqueueResult.Stopped;
        }

        return await ticket.Completion.WaitAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var marker = new IngestTicket([]);
        try
        {
            await _channel.Writer.WriteAsync(new IngestItem(marker), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Stopping: the writer is draining what is left; it is done when it ends.
            await _writer.WaitAsync(cancellationToken);
            return;
        }

        await marker.Completion.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops taking entries and writes what is queued, for at most <see cref="PipelineOptions.ShutdownTimeout"/> (or
    /// until <paramref name="cancellationToken"/> fires); what is left then is counted as dropped.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var previous = Interlocked.Exchange(ref _state, Stopping);
        if (previous >= Stopping)
        {
            await _writer;
            return;
        }

        _channel.Writer.TryComplete();
        if (previous == Created)
        {
            DropLeftovers([]);
        }
        else
        {
            _shutdownTimer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), _abort, _options.ShutdownTimeout, Timeout.InfiniteTimeSpan);
            await using (cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abort))
            {
                // Once the budget runs: a batch still waiting for the fleet queue's first connection is stored locally
                // now, possibly on this thread.
                await _stopping.CancelAsync();
                await _writer;
            }

            _shutdownTimer.Dispose();
        }

        Volatile.Write(ref _state, Stopped);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _shutdownTimer?.Dispose();
        _abort.Dispose();
        _stopping.Dispose();
    }

    private bool TryEnqueue(IngestItem item)
    {
        if (Volatile.Read(ref _state) >= Stopping)
        {
            Drop(1, "stopped");
            return false;
        }

        var capacity = _overload.LoggedCapacity;
        if (!TryReserve(1, capacity))
        {
            Refuse(capacity);
            return false;
        }

        if (!_channel.Writer.TryWrite(item))
        {
            Release(1);
            Drop(1, "stopped");
            return false;
        }

        return true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<EnqueueResult> WaitForRoomAsync(int count, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            if (Volatile.Read(ref _state) >= Stopping)
            {
                return EnqueueResult.Stopped;
            }

            // Take the signal before trying, so a release between the try and the wait is not missed.
            var room = Volatile.Read(ref _room).Task;
            if (TryReserve(count, _options.Capacity))
            {
                return EnqueueResult.Committed;
            }

            var remaining = _options.EnqueueTimeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return EnqueueResult.QueueFull;
            }

            try
            {
                await room.WaitAsync(remaining, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                return EnqueueResult.QueueFull;
            }
        }
    }

    private bool TryReserve(int count, int capacity)
    {
        var queued = Volatile.Read(ref _queued);
        while (true)
        {
            if (queued + count > capacity)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _queued, queued + count, queued);
            if (seen == queued)
            {
                return true;
            }

            queued = seen;
        }
    }

    private void Release(int count)
    {
        Interlocked.Add(ref _queued, -count);
        Interlocked.Exchange(ref _room, NewSignal()).TrySetResult();
    }

    private void Take(Batch batch, ChannelReader<IngestItem> reader) => Interlocked.Add(ref _inHand, batch.Take(reader, _time, _limits));

    /// <summary>Entries the writer took are stored or given up: their places in the pipeline are free.</summary>
    private void ReleaseTaken(int count)
    {
        Interlocked.Add(ref _inHand, -count);
        Release(count);
    }

    /// <summary>A logged event found no room within <paramref name="capacity"/>: dropped, and the pipeline is overloaded.</summary>
    private void Refuse(int capacity)
    {
        Drop(1, capacity >= _options.Capacity ? "queue_full" : "overloaded");
        if (_overload.Refused())
        {
            // Wakes a writer that has already found nothing to do, so that it can tell when it has caught up. An
            // empty ticket, as a flush's; if the channel has no room, the writer is busy anyway.
            _channel.Writer.TryWrite(new IngestItem(new IngestTicket([])));
        }
    }

    private void Drop(long count, string reason)
    {
        Interlocked.Add(ref _dropped, count);
        _metrics.Dropped(count, reason);
    }

    private async Task RunWriterAsync()
    {
        // What the writer and the store log (a failing write, say) must not be queued again by a logging sink.
        using var selfLog = SelfLogSuppression.Enter();
        var reader = _channel.Reader;
        var batch = new Batch(_options.MaxBatchSize);
        var spare = new Batch(_options.MaxBatchSize);
        Batch? inFlight = null;
        var writing = Task.CompletedTask;
        CancellationTokenSource? written = null;
        try
        {
            while (await WaitForWorkAsync(reader))
            {
                var firstSeen = _time.GetTimestamp();
                Take(batch, reader);
                if (!batch.Due(_overload.DueAt(_options.BatchSize)))
                {
                    await FillUntilDueAsync(batch, reader, firstSeen);
                }

                // Two stages: this batch is analysed while the previous one is being written, so the CPU work of
                // mining and scoring overlaps the store's, and it keeps growing until that write ends, so the next
                // transaction carries everything that arrived meanwhile. Writes stay one at a time and in order.
                Analyze(batch, 0);
                if (written is not null)
                {
                    await GatherWhileWritingAsync(batch, reader, written.Token);
                }

                await writing;
                written?.Dispose();
                if (inFlight is not null)
                {
                    inFlight.Clear();
                    spare = inFlight;
                }

                inFlight = batch;
                batch = spare;
                var (toWrite, done) = (inFlight, written = new CancellationTokenSource());
                writing = Task.Run(async () =>
                {
                    try
                    {
                        await WriteAsync(toWrite);
                    }
                    finally
                    {
                        done.Cancel();
                    }
                });
            }

            await writing;
            inFlight = null;
        }
        catch (Exception) when (_abort.IsCancellationRequested)
        {
            // The shutdown budget ran out; what is left is counted below.
        }
        finally
        {
            if (inFlight is not null)
            {
                try
                {
                    await writing;
                    inFlight = null;
                }
                catch (Exception) when (_abort.IsCancellationRequested)
                {
                    // Not committed: counted with the rest.
                }
            }

            DropLeftovers([.. inFlight?.Items ?? [], .. batch.Items]);
        }
    }

    /// <summary>
    /// Waits for the next entries; while overloaded, ends the overload once the writer has caught up. Once the queue
    /// has been idle for <see cref="IdleBeforeMaintenance"/> after a write, lets the store do its deferred upkeep, a
    /// bounded step at a time, until entries arrive again.
    /// </summary>
    private async ValueTask<bool> WaitForWorkAsync(ChannelReader<IngestItem> reader)
    {
        // While overloaded, look again every CaughtUpAfter (the refusal that starts an overload wakes this wait). The
        // writer has caught up when two looks in a row find nothing queued and nothing written or refused in between,
        // even if nothing more is logged.
        (long Completed, long Dropped)? quietSince = null;
        while (Volatile.Read(ref _state) == Running && !reader.TryPeek(out _) && _overload.Overloaded)
        {
            if (await WaitToReadWithinAsync(reader, OverloadGate.CaughtUpAfter) is { } more)
            {
                return more;
            }

            Interlocked.Increment(ref _overloadLooks);
            var now = (Volatile.Read(ref _completed), Volatile.Read(ref _dropped));
            if (Volatile.Read(ref _queued) != 0)
            {
                quietSince = null;
            }
            else if (quietSince == now)
            {
                _overload.CaughtUp();
            }
            else
            {
                quietSince = now;
            }
        }

        if (_store is IStoreMaintenance maintenance)
        {
            while (_maintenanceDue && Volatile.Read(ref _state) == Running)
            {
                if (await WaitToReadWithinAsync(reader, IdleBeforeMaintenance) is { } more)
                {
                    return more;
                }

                _maintenanceDue = RunMaintenanceStep(maintenance);
            }
        }

        return await reader.WaitToReadAsync(_abort.Token);
    }

    /// <summary>
    /// <see cref="ChannelReader{T}.WaitToReadAsync"/>'s answer if entries arrive (or the channel completes) within
    /// <paramref name="idle"/>; <see langword="null"/> if that time passes first.
    /// </summary>
    private async ValueTask<bool?> WaitToReadWithinAsync(ChannelReader<IngestItem> reader, TimeSpan idle)
    {
        using var quiet = new CancellationTokenSource(idle, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(quiet.Token, _abort.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (quiet.IsCancellationRequested && !_abort.IsCancellationRequested)
        {
            return null;
        }
    }

    private bool RunMaintenanceStep(IStoreMaintenance maintenance)
    {
        try
        {
            return maintenance.RunMaintenanceStep();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Upkeep is optional: a failure here must not stop ingestion; the next idle period tries again.
            LogMaintenanceFailed(_logger, ex);
            return false;
        }
    }

    private async Task FillUntilDueAsync(Batch batch, ChannelReader<IngestItem> reader, long firstSeen)
    {
        var due = _options.FlushInterval - _time.GetElapsedTime(firstSeen);
        if (due <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(due, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _abort.Token);
        try
        {
            while (!batch.Due(_overload.DueAt(_options.BatchSize)) && !batch.Full && await reader.WaitToReadAsync(linked.Token))
            {
                Take(batch, reader);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_abort.IsCancellationRequested)
        {
            // The flush interval has passed: write what there is.
        }
    }

    private async Task GatherWhileWritingAsync(Batch batch, ChannelReader<IngestItem> reader, CancellationToken written)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(written, _abort.Token);
        try
        {
            while (!batch.Full && await reader.WaitToReadAsync(linked.Token))
            {
                var from = batch.Entries.Count;
                Take(batch, reader);
                if (batch.Entries.Count == from)
                {
                    return; // The next unit does not fit this transaction; it starts the next one.
                }

                Analyze(batch, from);
            }
        }
        catch (OperationCanceledException) when (written.IsCancellationRequested && !_abort.IsCancellationRequested)
        {
            // The previous write ended: this batch goes next.
        }
    }

    private async Task WriteAsync(Batch batch)
    {
        if (batch.Entries.Count > 0)
        {
            Volatile.Write(ref _active, batch.Entries.Count);
            var attempt = 0;
            while (true)
            {
                var started = _time.GetTimestamp();
                try
                {
                    if (batch.Merges.Count > 0 && _store is IPatternStore patterns)
                    {
                        // Before the entries: a merge names the pattern the batch's entries now carry.
                        await patterns.RecordMergesAsync(batch.Merges.ToArray(), _abort.Token);
                        batch.Merges.Clear();
                    }

                    // Through the fleet's queue when there is one and it takes the batch; the local store otherwise.
                    if (_forwarder is null || !await _forwarder.TryForwardAsync(batch.Entries, _stopping.Token, _abort.Token))
                    {
                        await _store.AppendAsync(batch.Entries, _abort.Token);
                        _metrics.Ingested(batch.Entries.Count);
                    }

                    _metrics.BatchWritten(_time.GetElapsedTime(started));
                    _writeFailure = null;
                    break;
                }
                catch (Exception ex) when (!_abort.IsCancellationRequested)
                {
                    // The batch is kept and retried; meanwhile the queue fills, sinks drop (counted) and the API
                    // answers 503, so the app never waits on a failing store.
                    Interlocked.Increment(ref _failed);
                    _metrics.WriteFailed();
                    _writeFailure = new StoreWriteFailure(ex, _writeFailure?.Since ?? _time.GetUtcNow(), attempt + 1);
                    var delay = RetryDelay(attempt++);
                    LogStoreWriteFailed(_logger, ex, batch.Entries.Count, delay);
                    await Task.Delay(delay, _time, _abort.Token);
                }
            }

            Interlocked.Add(ref _completed, batch.Entries.Count);
            _maintenanceDue = true;
            Volatile.Write(ref _active, 0);
            ReleaseTaken(batch.Entries.Count);
        }

        foreach (var item in batch.Items)
        {
            item.Ticket?.Complete(EnqueueResult.Committed);
        }
    }

    private void Analyze(Batch batch, int from)
    {
        if (_analyzer is null || batch.Entries.Count == from)
        {
            return;
        }

        try
        {
            _analyzer.Analyze(batch.Entries, from, batch.Merges);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Analysis enriches; it must never cost an entry. The batch is stored as it is.
            LogAnalysisFailed(_logger, ex, batch.Entries.Count - from);
        }
    }

    private TimeSpan RetryDelay(int attempt) => Backoff.Delay(_options.RetryBaseDelay, attempt, _options.RetryMaxDelay);

    private void DropLeftovers(IReadOnlyList<IngestItem> unwritten)
    {
        long left = 0;
        foreach (var item in unwritten)
        {
            left += item.Count;
            ReleaseTaken(item.Count);
            item.Ticket?.Complete(EnqueueResult.Abandoned);
        }

        while (_channel.Reader.TryRead(out var item))
        {
            left += item.Count;
            Release(item.Count);
            item.Ticket?.Complete(EnqueueResult.Abandoned);
        }

        Volatile.Write(ref _active, 0);
        if (left > 0)
        {
            Drop(left, "shutdown");
            LogShutdownDropped(_logger, left);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Writing a batch of {Count} log entries to the store failed; retrying in {Delay}.")]
    private static partial void LogStoreWriteFailed(ILogger logger, Exception exception, int count, TimeSpan delay);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Analysing a batch of {Count} log entries failed; they are stored without patterns or scores.")]
    private static partial void LogAnalysisFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "The store's deferred upkeep failed; it is retried when the pipeline is next idle.")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Shutdown ended before {Count} queued log entries could be stored; they were dropped.")]
    private static partial void LogShutdownDropped(ILogger logger, long count);
}
