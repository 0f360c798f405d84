namespace LogAnalyzer.Patterns;

/// <summary>
/// One template of the miner. Its text never changes: generalising creates a new pattern and points the old one at
/// it (<see cref="MergedInto"/>), so a reader without the lock always sees a consistent template.
/// </summary>
internal sealed class Pattern
{
    private Pattern? _mergedInto;
    private long _count;
    private long _lastUse;
    private volatile bool _evicted;

    public Pattern(string[] tokens, long count)
    {
        Tokens = tokens;
        Template = string.Join(' ', tokens);
        Id = PatternId.For(Template);
        _count = count;
        Variables = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            Variables[i] = tokens[i].AsSpan().Count(Wildcard.Text);
            if (!IsWildcard(i))
            {
                Literals++;
            }
        }
    }

    /// <summary>The number of <c>&lt;*&gt;</c> in each token.</summary>
    public int[] Variables { get; }

    public string Id { get; }

    public string Template { get; }

    public string[] Tokens { get; }

    /// <summary>Tokens that are not exactly <c>&lt;*&gt;</c>.</summary>
    public int Literals { get; }

    public long Count => Volatile.Read(ref _count);

    public long LastUse => Volatile.Read(ref _lastUse);

    public bool Evicted => _evicted;

    public Pattern? MergedInto => Volatile.Read(ref _mergedInto);

    public bool IsWildcard(int index) => ReferenceEquals(Tokens[index], Wildcard.Text) || Tokens[index] == Wildcard.Text;

    public void Touch(long clock)
    {
        AddCount(1);
        Stamp(clock);
    }

    /// <summary>Records the LRU clock; skips the write when the stamp is current so hot patterns stay in shared caches.</summary>
    public void Stamp(long clock)
    {
        if (Volatile.Read(ref _lastUse) != clock)
        {
            Volatile.Write(ref _lastUse, clock);
        }
    }

    /// <summary>
    /// Adds to the count; a count that arrives after the pattern was merged (a thread that took it from the cache just
    /// before) moves on to the pattern it was merged into, so no message goes uncounted.
    /// </summary>
    public void AddCount(long count)
    {
        Interlocked.Add(ref _count, count);
        if (MergedInto is { } next && Interlocked.Exchange(ref _count, 0) is var moved and not 0)
        {
            next.AddCount(moved);
        }
    }

    public void MergeInto(Pattern target)
    {
        // Publish the target first: a count added after the exchange below sees it and moves on by itself.
        Volatile.Write(ref _mergedInto, target);
        target.AddCount(Interlocked.Exchange(ref _count, 0));
    }

    public void Evict() => _evicted = true;

    /// <summary>The live pattern this one now belongs to, or null when that one was evicted.</summary>
    public Pattern? Current()
    {
        var pattern = this;
        while (pattern.MergedInto is { } next)
        {
            pattern = next;
        }

        return pattern.Evicted ? null : pattern;
    }
}
