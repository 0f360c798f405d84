namespace LogAnalyzer.Pipeline;

/// <summary>
/// One unit in the queue: a single entry; an event a logging integration captured and turns into an entry later,
/// on the writer (so the app's thread neither renders nor allocates an entry); or a ticket holding the entries of
/// one API call, which are committed together and whose producer awaits the outcome.
/// </summary>
internal readonly struct IngestItem
{
    private readonly object _unit;
    private readonly IEntryMaterializer? _materializer;

    public IngestItem(LogEntry entry) => _unit = entry;

    public IngestItem(IngestTicket ticket) => _unit = ticket;

    public IngestItem(object captured, IEntryMaterializer materializer) => (_unit, _materializer) = (captured, materializer);

    public IngestTicket? Ticket => _materializer is null ? _unit as IngestTicket : null;

    public int Count => Ticket?.Entries.Count ?? 1;

    /// <summary>The single entry, built now if it was captured as an event. Never throws.</summary>
    /// <param name="time">Dates the entry that says an event could not be built.</param>
    /// <param name="limits">The pipeline's limits, for an integration that set none of its own.</param>
    public LogEntry ToEntry(TimeProvider time, LogEntryLimits limits)
    {
        if (_materializer is null)
        {
            return (LogEntry)_unit;
        }

        try
        {
            return _materializer.Materialize(_unit, limits);
        }
        catch (Exception ex)
        {
            // Materializers render their own fallback; this is the last line of defence for the writer loop, which
            // must outlive an event too large to render (OutOfMemoryException) as well.
            return new LogEntry
            {
                Timestamp = time.GetUtcNow(),
                Level = LogEntryLevel.Warning,
                Message = $"LogAnalyzer could not render a log event: {ex.GetType().FullName}: {ex.Message}",
            };
        }
    }
}

/// <summary>
/// Turns an event a logging integration captured on the app's thread into an entry. Called on the pipeline's
/// writer, one event at a time, so implementations need no locking of their own.
/// </summary>
internal interface IEntryMaterializer
{
    /// <summary>Builds the entry, within the limits, from what was captured; a part that fails to render is replaced by a note, never thrown.</summary>
    /// <param name="captured">What the integration queued.</param>
    /// <param name="limits">The limits of the pipeline it was queued to (<c>LogAnalyzer:Limits</c> in a host), which apply unless the integration was given its own.</param>
    /// <returns>The entry.</returns>
    LogEntry Materialize(object captured, LogEntryLimits limits);
}

/// <summary>The entries of one acknowledged call (none for a flush marker) and the outcome its producer awaits.</summary>
internal sealed class IngestTicket(IReadOnlyList<LogEntry> entries)
{
    private readonly TaskCompletionSource<EnqueueResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogEntry> Entries { get; } = entries;

    public Task<EnqueueResult> Completion => _completion.Task;

    public void Complete(EnqueueResult result) => _completion.TrySetResult(result);
}
