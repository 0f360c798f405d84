using System.Collections.Concurrent;

namespace LogAnalyzer.Patterns;

/// <summary>
/// Mines log templates online. A message is masked (<see cref="TokenMasker"/>); a masked form seen before is answered
/// from a lock-free cache. Otherwise, under one lock, the message joins the most specific pattern of the same token
/// count that matches it (equal tokens, or any word where the pattern has <c>&lt;*&gt;</c>), or becomes a new pattern,
/// which is generalised when a pattern differs from it only in the values of the same keys (<c>name=a</c>,
/// <c>name=b</c>), or when <see cref="PatternOptions.MinDistinctValues"/> patterns (two, for words with digits) differ
/// from it at one position only. A new pattern takes in the patterns it covers; they keep resolving
/// (<see cref="Resolve"/>) to it. Ids are derived from the template text (<see cref="PatternId"/>).
/// </summary>
internal sealed class TemplateMiner
{
    [ThreadStatic]
    private static MaskedMessage? t_message;

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Pattern> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Pattern>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    private readonly PatternIndex _index;
    private readonly MergeLog _merges;
    private readonly UserMasks? _userMasks;
    private readonly int _maxPatterns;
    private readonly int _cacheCapacity;
    private long _clock;
    private long _evictions;
    private int _cacheEntries;

    public TemplateMiner(PatternOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPatterns, 1, nameof(options.MaxPatterns));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinDistinctValues, 2, nameof(options.MinDistinctValues));
        _maxPatterns = options.MaxPatterns;
        _cacheCapacity = Math.Max(1_024, options.MaxPatterns * 8);
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _index = new PatternIndex(options.MinDistinctValues);
        _merges = new MergeLog(Math.Max(1_024, options.MaxPatterns * 4));
        _userMasks = UserMasks.Create(options.Masks);
    }

    /// <summary>Patterns evicted because more than <see cref="PatternOptions.MaxPatterns"/> were live.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    public MinedMessage Mine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var masked = t_message ??= new MaskedMessage();
        MessageTokenizer.Tokenize(masked, message, _userMasks);
        var pattern = _cacheLookup.TryGetValue(masked.Text, out var cached) ? cached.Current() : null;
        pattern ??= MineSlow(masked);
        pattern.Touch(Volatile.Read(ref _clock));
        return new MinedMessage(pattern.Id, pattern.Template, Parameters(masked, pattern));
    }

    /// <summary>The id of the pattern that <paramref name="patternId"/> now belongs to (itself when it was not merged).</summary>
    public string Resolve(string patternId)
    {
        ArgumentNullException.ThrowIfNull(patternId);
        return _merges.Resolve(patternId);
    }

    /// <summary>The template of the live pattern <paramref name="patternId"/>; <see langword="null"/> when the miner has none by that id.</summary>
    public string? TemplateOf(string patternId)
    {
        lock (_gate)
        {
            return _index.Find(patternId)?.Template;
        }
    }

    /// <summary>The merges (old id, new id) made since the last call, so that they can be persisted.</summary>
    public List<(string From, string To)> DrainMerges() => _merges.DrainRecent();

    public IReadOnlyList<MinedPattern> Snapshot()
    {
        lock (_gate)
        {
            var merged = _merges.ByTarget();
            return [.. _index.Live.Select(p => new MinedPattern(
                p.Id, p.Template, p.Count, merged.TryGetValue(p.Id, out var ids) ? ids : []))];
        }
    }

    public void Restore(IEnumerable<MinedPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        lock (_gate)
        {
            foreach (var saved in patterns)
            {
                var tokens = saved.Template.Length == 0 ? [] : saved.Template.Split(' ');
                for (var i = 0; i < tokens.Length; i++)
                {
                    tokens[i] = tokens[i] == Wildcard.Text ? Wildcard.Text : tokens[i];
                }

                var pattern = _index.Find(saved.Id) ?? Add(new Pattern(tokens, saved.Count));
                EvictBeyondBound(pattern);
                if (pattern.Id != saved.Id)
                {
                    _merges.Record(saved.Id, pattern.Id);
                }

                foreach (var old in saved.MergedIds)
                {
                    _merges.Record(old, pattern.Id);
                }
            }

            _cache.Clear();
            _cacheEntries = 0;
        }
    }

    private Pattern MineSlow(MaskedMessage masked)
    {
        var key = masked.Text.ToString();
        var tokens = new string[masked.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = masked.MaskedToken(i);
            tokens[i] = token.SequenceEqual(Wildcard.Text) ? Wildcard.Text : token.ToString();
        }

        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var cached) && cached.Current() is { } current)
            {
                return current;
            }

            var match = _index.Match(tokens, out var generalized);
            Pattern pattern;
            if (match is not null)
            {
                pattern = match;
            }
            else
            {
                // A new pattern takes in the more specific ones it covers: a host seen first as a name and then
                // masked, or the members of a generalisation.
                pattern = generalized is null ? Add(new Pattern(tokens, 0)) : _index.Find(generalized.Id) ?? Add(generalized);
                foreach (var absorbed in _index.Subsumed(pattern))
                {
                    _index.Remove(absorbed);
                    absorbed.MergeInto(pattern);
                    _merges.Record(absorbed.Id, pattern.Id);
                }

                // Only now: the least recently used patterns are often the very members just merged, which an
                // eviction first would drop unmerged (their stored entries then belong to no generalisation).
                EvictBeyondBound(pattern);
            }

            // Masked forms that keep changing (a word that is a value but not masked) must not grow the cache without
            // bound: start afresh instead, the patterns stay.
            if (++_cacheEntries > _cacheCapacity)
            {
                _cache.Clear();
                _cacheEntries = 1;
            }

            _cache[key] = pattern;
            return pattern;
        }
    }

    private Pattern Add(Pattern pattern)
    {
        // The LRU clock ticks only here, under the lock: hits stamp patterns with the current tick, so the hot path
        // writes no shared counter, and a pattern not hit since the last new pattern is older than one that was.
        pattern.Stamp(Interlocked.Increment(ref _clock));
        _index.Add(pattern);
        _merges.Forget(pattern.Id);
        return pattern;
    }

    private void EvictBeyondBound(Pattern keep)
    {
        if (_index.Count > _maxPatterns)
        {
            // Evicting a batch (1% of the bound) keeps the scan for the oldest patterns off most insertions.
            foreach (var victim in _index.LeastRecentlyUsed(Math.Max(_index.Count - _maxPatterns, _maxPatterns / 100), keep))
            {
                _index.Remove(victim);
                victim.Evict();
                _evictions++;
            }
        }
    }

    private static string[] Parameters(MaskedMessage masked, Pattern pattern)
    {
        var count = 0;
        foreach (var variables in pattern.Variables)
        {
            count += variables;
        }

        if (count == 0)
        {
            return [];
        }

        var parameters = new string[count];
        var n = 0;
        var source = masked.Source;
        for (var i = 0; i < masked.Count; i++)
        {
            ref readonly var token = ref masked[i];
            var template = pattern.Tokens[i];
            if (pattern.IsWildcard(i))
            {
                parameters[n++] = source.Substring(token.Start, token.Length);
            }
            else if (masked.MaskedToken(i).SequenceEqual(template))
            {
                for (var v = 0; v < token.VariableCount; v++)
                {
                    var range = masked.Variable(token.FirstVariable + v);
                    parameters[n++] = source.Substring(range.Start, range.Length);
                }
            }
            else if (pattern.Variables[i] > 0)
            {
                n = ExtractGeneralized(template, source.AsSpan(token.Start, token.Length), parameters, n, pattern.Variables[i]);
            }
        }

        return parameters;
    }

    /// <summary>The values of a token that matched a generalised template token (<c>name=&lt;*&gt;,</c>).</summary>
    private static int ExtractGeneralized(string template, ReadOnlySpan<char> source, string[] parameters, int n, int expected)
    {
        var values = new List<string>(expected);
        if (!Glob.Extract(template, source, values) || values.Count != expected)
        {
            // The source differs from its masked form in a way the template does not show: keep the whole token.
            values.Clear();
            values.Add(source.ToString());
            while (values.Count < expected)
            {
                values.Add(string.Empty);
            }
        }

        values.CopyTo(parameters, n);
        return n + expected;
    }
}
