namespace LogAnalyzer.Storage;

/// <summary>
/// Where log entries are kept. Implementations: the embedded SQLite store (the default) and, for scale-out,
/// MongoDB. Writes come from one pipeline writer at a time; reads may run concurrently with writes and each other.
/// </summary>
public interface ILogStore
{
    /// <summary>Creates or migrates the schema. Called once at start-up, before any other member.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the entries atomically (all or none) and durably, and sets each entry's <see cref="LogEntry.Id"/>.
    /// </summary>
    /// <param name="entries">The entries, already validated.</param>
    /// <param name="cancellationToken">Cancels the call; the write is then rolled back.</param>
    /// <returns>A task that completes when the entries are committed.</returns>
    Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Finds entries, newest first.</summary>
    /// <param name="query">The filters and the page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of entries and the total that match.</returns>
    Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>Finds one entry by id.</summary>
    /// <param name="id">The entry's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, or <see langword="null"/> when there is none with that id.</returns>
    Task<LogEntry?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Counts entries: in total, anomalous, and by level; and lists the most recent errors.</summary>
    /// <param name="recentErrors">How many recent Error and Critical entries to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<LogStats> GetStatsAsync(int recentErrors, CancellationToken cancellationToken);
}
