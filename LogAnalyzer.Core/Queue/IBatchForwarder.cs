namespace LogAnalyzer.Queue;

/// <summary>
/// Hands the pipeline's analysed batches to a queue the fleet shares (Redis Streams) instead of the local store. When
/// it cannot (the queue is unreachable or full) the pipeline stores the batch itself, so ingestion never depends on it.
/// </summary>
internal interface IBatchForwarder
{
    /// <summary>Whether batches currently go to the local store because the shared queue failed or refused them.</summary>
    bool FallingBack { get; }

    /// <summary>Adds every entry to the shared queue, all or none. Never throws for the queue's failures.</summary>
    /// <param name="entries">The analysed entries.</param>
    /// <param name="stopping">
    /// Fires when the pipeline stops: a forwarder still waiting to reach its queue declines the batch then, so that it
    /// is stored locally within the shutdown budget instead of being dropped when that budget runs out.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the queue holds them all (they are acknowledged); <see langword="false"/> when none was added.</returns>
    Task<bool> TryForwardAsync(IReadOnlyList<LogEntry> entries, CancellationToken stopping, CancellationToken cancellationToken);
}
