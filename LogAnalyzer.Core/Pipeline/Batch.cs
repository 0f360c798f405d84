using System.Threading.Channels;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Pipeline;

/// <summary>The items the writer has taken for its next transaction, and their entries flattened.</summary>
internal sealed class Batch(int maxEntries)
{
    private readonly List<IngestItem> _items = [];
    private readonly List<LogEntry> _entries = new(Math.Min(maxEntries, 1024));
    private bool _awaited;

    public IReadOnlyList<IngestItem> Items => _items;

    public List<LogEntry> Entries => _entries;

    /// <summary>The pattern merges that analysing this batch caused; stored before its entries.</summary>
    public List<PatternMerge> Merges { get; } = [];

    public bool Full => _entries.Count >= maxEntries;

    /// <summary>Whether to write now: enough entries wait, or a producer awaits the commit.</summary>
    public bool Due(int batchSize) => _awaited || _entries.Count >= batchSize;

    /// <summary>Takes what is waiting, up to the bound; an oversized unit is taken alone. Returns the entries taken.</summary>
    public int Take(ChannelReader<IngestItem> reader, TimeProvider time, LogEntryLimits limits)
    {
        var taken = 0;
        while (reader.TryPeek(out var item) && (_items.Count == 0 || _entries.Count + item.Count <= maxEntries))
        {
            reader.TryRead(out _);
            if (item.Ticket is { } ticket)
            {
                _awaited = true;
                for (var i = 0; i < ticket.Entries.Count; i++)
                {
                    _entries.Add(ticket.Entries[i]);
                }
            }
            else
            {
                // The item is kept as its entry: an event a logging integration captured (a Serilog LogEvent, say)
                // then dies young instead of outliving collections until the batch commits, ~100 ms later.
                var entry = item.ToEntry(time, limits);
                _entries.Add(entry);
                item = new IngestItem(entry);
            }

            _items.Add(item);

            taken += item.Count;
        }

        return taken;
    }

    public void Clear()
    {
        _items.Clear();
        _entries.Clear();
        Merges.Clear();
        _awaited = false;
    }
}
