namespace LogAnalyzer.Storage;

/// <summary>A store that deletes old entries on request (SQLite); stores with expiry of their own (MongoDB's TTL index) do not implement it.</summary>
internal interface IEntryRetention
{
    /// <summary>
    /// Deletes up to <paramref name="limit"/> of the oldest entries stamped before <paramref name="cutoff"/> in one short
    /// transaction, with everything derived from them (full-text index, per-minute rollups).
    /// </summary>
    /// <param name="cutoff">Entries before this instant go; the store may round it down to a whole minute.</param>
    /// <param name="limit">The most entries to delete in this transaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many entries were deleted; fewer than <paramref name="limit"/> means none older is left.</returns>
    Task<int> DeleteEntriesBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);
}
