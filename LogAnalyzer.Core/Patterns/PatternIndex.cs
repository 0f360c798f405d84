namespace LogAnalyzer.Patterns;

/// <summary>
/// The live patterns, by id and in buckets of the same token count and first word (like Drain's tree: the first word
/// names the event), and the matching rules. Patterns whose first token is or may be a value (digits, <c>&lt;*&gt;</c>)
/// share one bucket per token count, searched for every message. Not thread-safe: the miner calls it under its lock.
/// </summary>
internal sealed class PatternIndex(int minDistinctValues)
{
    private readonly Dictionary<string, Pattern> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Length, string First), List<Pattern>> _buckets = [];

    public int Count => _byId.Count;

    public IEnumerable<Pattern> Live => _byId.Values;

    public Pattern? Find(string id) => _byId.GetValueOrDefault(id);

    public void Add(Pattern pattern)
    {
        _byId.Add(pattern.Id, pattern);
        var key = Key(pattern.Tokens);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            _buckets[key] = bucket = [];
        }

        bucket.Add(pattern);
    }

    public void Remove(Pattern pattern)
    {
        _byId.Remove(pattern.Id);
        var key = Key(pattern.Tokens);
        var bucket = _buckets[key];
        bucket.Remove(pattern);
        if (bucket.Count == 0)
        {
            _buckets.Remove(key);
        }
    }

    /// <summary>The patterns that may cover <paramref name="tokens"/> or differ from them in generalisable ways.</summary>
    private List<Pattern> Candidates(string[] tokens)
    {
        var key = Key(tokens);
        var own = _buckets.GetValueOrDefault(key);
        var values = string.Equals(key.First, Wildcard.Text, StringComparison.Ordinal) ? null : _buckets.GetValueOrDefault((tokens.Length, Wildcard.Text));
        return (own, values) switch
        {
            (null, null) => [],
            (_, null) => own,
            (null, _) => values,
            _ => [.. own, .. values],
        };
    }

    private static (int Length, string First) Key(string[] tokens)
    {
        if (tokens.Length == 0)
        {
            return (0, string.Empty);
        }

        var first = tokens[0];
        var eq = first.IndexOf('=', StringComparison.Ordinal);
        var name = eq > 0 ? first.AsSpan(0, eq) : first.AsSpan();
        if (name.ContainsAnyInRange('0', '9') || name.Contains('<') || name.Contains('*'))
        {
            return (tokens.Length, Wildcard.Text);
        }

        // key=value: the key names the event, values of the same key meet in one bucket.
        return (tokens.Length, eq > 0 ? first[..(eq + 1)] : first);
    }

    /// <summary>The <paramref name="count"/> least recently used patterns, other than <paramref name="except"/>.</summary>
    public List<Pattern> LeastRecentlyUsed(int count, Pattern except) =>
        [.. _byId.Values.Where(p => p != except).OrderBy(p => p.LastUse).Take(count)];

    /// <summary>
    /// The most specific pattern that <paramref name="tokens"/> matches; else null, and in
    /// <paramref name="generalized"/> a new pattern when a pattern differs from the tokens only in values of the same
    /// keys (<c>name=a</c>, <c>name=b</c>), or enough patterns differ from them at one position only.
    /// </summary>
    public Pattern? Match(string[] tokens, out Pattern? generalized)
    {
        generalized = null;
        var bucket = Candidates(tokens);

        Pattern? best = null;
        foreach (var pattern in bucket)
        {
            if (PatternRules.Covers(pattern, tokens) && (best is null || pattern.Literals > best.Literals))
            {
                best = pattern;
            }
        }

        if (best is not null || tokens.Length == 0)
        {
            return best;
        }

        var near = new int[tokens.Length];
        var digits = new bool[tokens.Length];
        Array.Fill(digits, true);
        Pattern? sameKeys = null;
        foreach (var pattern in bucket)
        {
            var position = PatternRules.OnlyDifference(pattern, tokens, out var keyValuesOnly);
            if (keyValuesOnly)
            {
                sameKeys = sameKeys is null || pattern.Literals > sameKeys.Literals ? pattern : sameKeys;
            }
            else if (position >= 0)
            {
                near[position]++;
                digits[position] &= PatternRules.HasDigit(pattern.Tokens[position]);
            }
        }

        if (sameKeys is not null)
        {
            generalized = new Pattern(Merge(tokens, [sameKeys], -1), 0);
            return null;
        }

        var chosen = -1;
        for (var i = 0; i < tokens.Length; i++)
        {
            var needed = digits[i] && PatternRules.HasDigit(tokens[i]) ? 2 : minDistinctValues;
            if (near[i] > 0 && near[i] + 1 >= needed && (chosen < 0 || near[i] > near[chosen]))
            {
                chosen = i;
            }
        }

        if (chosen < 0)
        {
            return null;
        }

        var members = bucket.Where(p => PatternRules.OnlyDifference(p, tokens, out var keys) == chosen && !keys).ToList();
        generalized = new Pattern(Merge(tokens, members, chosen), 0);
        return null;
    }

    /// <summary>The live patterns, other than <paramref name="general"/>, whose every message it also matches.</summary>
    public List<Pattern> Subsumed(Pattern general)
    {
        var subsumed = new List<Pattern>();
        var key = Key(general.Tokens);
        var candidates = string.Equals(key.First, Wildcard.Text, StringComparison.Ordinal)
            ? _byId.Values.Where(p => p.Tokens.Length == general.Tokens.Length)
            : _buckets[key];
        foreach (var pattern in candidates)
        {
            if (pattern != general && PatternRules.Covers(general, pattern.Tokens))
            {
                subsumed.Add(pattern);
            }
        }

        return subsumed;
    }

    private static string[] Merge(string[] tokens, List<Pattern> members, int position)
    {
        var merged = (string[])tokens.Clone();
        for (var i = 0; i < merged.Length; i++)
        {
            var values = new List<string> { tokens[i] };
            foreach (var member in members)
            {
                if (!string.Equals(member.Tokens[i], tokens[i], StringComparison.Ordinal))
                {
                    values.Add(member.Tokens[i]);
                }
            }

            if (values.Count > 1 || i == position)
            {
                var general = Glob.Generalize(values);
                merged[i] = general == Wildcard.Text ? Wildcard.Text : general;
            }
        }

        return merged;
    }
}
