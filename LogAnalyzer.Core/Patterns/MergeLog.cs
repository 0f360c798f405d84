using System.Collections.Concurrent;

namespace LogAnalyzer.Patterns;

/// <summary>
/// Old pattern id -> the id of the pattern it was merged into, so ids handed out before a merge still lead to the
/// pattern. Bounded: beyond the capacity the oldest merges are forgotten.
/// </summary>
internal sealed class MergeLog(int capacity)
{
    private const int MaxHops = 64;
    private readonly ConcurrentDictionary<string, string> _next = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly ConcurrentQueue<(string From, string To)> _recent = new();

    public string Resolve(string id)
    {
        for (var hop = 0; hop < MaxHops && _next.TryGetValue(id, out var next); hop++)
        {
            id = next;
        }

        return id;
    }

    /// <summary>Called under the miner's lock.</summary>
    public void Record(string from, string to)
    {
        if (from == to)
        {
            return;
        }

        _next[from] = to;
        _recent.Enqueue((from, to));
        _order.Enqueue(from);
        while (_order.Count > capacity)
        {
            _next.TryRemove(_order.Dequeue(), out _);
        }
    }

    /// <summary>The merges recorded since the last call, oldest first, so that a store can persist them.</summary>
    public List<(string From, string To)> DrainRecent()
    {
        var recent = new List<(string, string)>();
        while (_recent.TryDequeue(out var merge))
        {
            recent.Add(merge);
        }

        return recent;
    }

    /// <summary>A pattern with this id is live again (re-created after an eviction): it resolves to itself.</summary>
    public void Forget(string id) => _next.TryRemove(id, out _);

    /// <summary>Live id -> the ids that resolve to it. Called under the miner's lock.</summary>
    public Dictionary<string, List<string>> ByTarget()
    {
        var byTarget = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var from in _next.Keys)
        {
            var target = Resolve(from);
            if (!byTarget.TryGetValue(target, out var list))
            {
                byTarget[target] = list = [];
            }

            list.Add(from);
        }

        return byTarget;
    }
}
