namespace LogAnalyzer.Pipeline;

/// <summary>
/// One unit in the queue: a single entry from a sink (no allocation beyond the entry), or a ticket holding the
/// entries of one API call, which are committed together and whose producer awaits the outcome.
/// </summary>
internal readonly struct IngestItem
{
    public IngestItem(LogEntry entry) => Entry = entry;

    public IngestItem(IngestTicket ticket) => Ticket = ticket;

    public LogEntry? Entry { get; }

    public IngestTicket? Ticket { get; }

    public int Count => Ticket?.Entries.Count ?? 1;
}

/// <summary>The entries of one acknowledged call (none for a flush marker) and the outcome its producer awaits.</summary>
internal sealed class IngestTicket(IReadOnlyList<LogEntry> entries)
{
    private readonly TaskCompletionSource<EnqueueResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogEntry> Entries { get; } = entries;

    public Task<EnqueueResult> Completion => _completion.Task;

    public void Complete(EnqueueResult result) => _completion.TrySetResult(result);
}
