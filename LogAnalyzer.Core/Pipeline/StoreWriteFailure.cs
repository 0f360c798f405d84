namespace LogAnalyzer.Pipeline;

/// <summary>The store's latest refusal of a batch the writer keeps retrying.</summary>
/// <param name="Error">The last write's exception.</param>
/// <param name="Since">When the writes started failing.</param>
/// <param name="Attempts">Failed attempts so far.</param>
internal sealed record StoreWriteFailure(Exception Error, DateTimeOffset Since, int Attempts)
{
    /// <summary>Whether the disk (or the database's size limit) is full: SQLite's SQLITE_FULL, or ENOSPC from the file system.</summary>
    public bool DiskFull => Error switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 13,
        IOException io => io.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027)
            || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase),
        _ => Error.InnerException is { } inner && (this with { Error = inner }).DiskFull,
    };
}
