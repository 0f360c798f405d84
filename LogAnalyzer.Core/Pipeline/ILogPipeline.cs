namespace LogAnalyzer.Pipeline;

/// <summary>
/// The ingestion pipeline: a bounded queue drained by one background writer that commits batches to the store.
/// Producers choose their full-queue policy by the member they call: <see cref="TryEnqueue"/> drops (logging
/// sinks: never block the app), <see cref="EnqueueAsync"/> waits for room and for the commit (the HTTP API).
/// </summary>
public interface ILogPipeline
{
    /// <summary>
    /// Queues one entry without waiting. Never blocks and never throws for a full queue: the entry is then dropped
    /// and counted.
    /// </summary>
    /// <param name="entry">The entry, already within limits.</param>
    /// <returns><see langword="true"/> when queued; <see langword="false"/> when dropped.</returns>
    bool TryEnqueue(LogEntry entry);

    /// <summary>
    /// Queues the entries as one unit, waiting up to <see cref="PipelineOptions.EnqueueTimeout"/> for room, and
    /// completes when they are committed to the store together (or not at all).
    /// </summary>
    /// <param name="entries">The entries, already validated; at most <see cref="PipelineOptions.Capacity"/>.</param>
    /// <param name="cancellationToken">Stops waiting; entries already queued are still written.</param>
    /// <returns>Whether the entries were committed, and why not otherwise.</returns>
    Task<EnqueueResult> EnqueueAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Completes when every entry queued before the call has been committed (or given up at shutdown).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes after the flush.</returns>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>The queue's counters now.</summary>
    PipelineStats Stats { get; }
}

/// <summary>The outcome of <see cref="ILogPipeline.EnqueueAsync"/>.</summary>
public enum EnqueueResult
{
    /// <summary>The entries are committed to the store.</summary>
    Committed,

    /// <summary>The queue stayed full for the whole enqueue timeout; nothing was queued.</summary>
    QueueFull,

    /// <summary>The pipeline is stopping or stopped; nothing was queued.</summary>
    Stopped,

    /// <summary>Shutdown ended before the entries could be committed; none of them is stored.</summary>
    Abandoned,
}

/// <summary>The pipeline's counters.</summary>
/// <param name="Waiting">Entries waiting to be written: queued, or taken by the writer and being analysed.</param>
/// <param name="Active">Entries in the batch being written now.</param>
/// <param name="Completed">Entries committed since start.</param>
/// <param name="Failed">Store writes that failed (each is retried with backoff; the batch is kept).</param>
/// <param name="Dropped">Entries not stored: refused by a full, overloaded or stopped queue, or left when shutdown ended.</param>
/// <param name="Capacity">The queue's capacity in entries.</param>
public sealed record PipelineStats(long Waiting, long Active, long Completed, long Failed, long Dropped, int Capacity)
{
    /// <summary>
    /// Whether logged events are now admitted only up to <see cref="PipelineOptions.OverloadCapacity"/>: one was
    /// dropped for lack of room and the writer has not caught up since.
    /// </summary>
    public bool Overloaded { get; init; }
}
