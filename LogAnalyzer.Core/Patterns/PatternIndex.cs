namespace LogAnalyzer.Patterns;

/// <summary>
/// The live patterns, by id and by token count, and the matching rules. Not thread-safe: the miner calls it under
/// its lock.
/// </summary>
internal sealed class PatternIndex(int minDistinctValues)
{
    private readonly Dictionary<string, Pattern> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<Pattern>> _byLength = [];

    public int Count => _byId.Count;

    public IEnumerable<Pattern> Live => _byId.Values;

    public Pattern? Find(string id) => _byId.GetValueOrDefault(id);

    public void Add(Pattern pattern)
    {
        _byId.Add(pattern.Id, pattern);
        if (!_byLength.TryGetValue(pattern.Tokens.Length, out var bucket))
        {
            _byLength[pattern.Tokens.Length] = bucket = [];
        }

        bucket.Add(pattern);
    }

    public void Remove(Pattern pattern)
    {
        _byId.Remove(pattern.Id);
        _byLength[pattern.Tokens.Length].Remove(pattern);
    }

    public Pattern? LeastRecentlyUsed(Pattern except)
    {
        Pattern? oldest = null;
        foreach (var pattern in _byId.Values)
        {
            if (pattern != except && (oldest is null || pattern.LastUse < oldest.LastUse))
            {
                oldest = pattern;
            }
        }

        return oldest;
    }

    /// <summary>
    /// The most specific pattern that <paramref name="tokens"/> matches; else null, and in
    /// <paramref name="generalized"/> a new pattern when enough patterns differ from the tokens at one position only.
    /// </summary>
    public Pattern? Match(string[] tokens, out Pattern? generalized)
    {
        generalized = null;
        if (!_byLength.TryGetValue(tokens.Length, out var bucket))
        {
            return null;
        }

        Pattern? best = null;
        foreach (var pattern in bucket)
        {
            if (Covers(pattern, tokens) && (best is null || pattern.Literals > best.Literals))
            {
                best = pattern;
            }
        }

        if (best is not null || tokens.Length == 0)
        {
            return best;
        }

        var near = new int[tokens.Length];
        var digitsOnly = new bool[tokens.Length];
        Array.Fill(digitsOnly, true);
        foreach (var pattern in bucket)
        {
            var position = OnlyDifference(pattern, tokens);
            if (position >= 0)
            {
                near[position]++;
                digitsOnly[position] &= LooksVariable(pattern.Tokens[position]);
            }
        }

        var chosen = -1;
        for (var i = 0; i < tokens.Length; i++)
        {
            var needed = digitsOnly[i] && LooksVariable(tokens[i]) ? 2 : minDistinctValues;
            if (near[i] > 0 && near[i] + 1 >= needed && (chosen < 0 || near[i] > near[chosen]))
            {
                chosen = i;
            }
        }

        if (chosen < 0)
        {
            return null;
        }

        var merged = (string[])tokens.Clone();
        merged[chosen] = Wildcard.Text;
        foreach (var pattern in bucket)
        {
            if (OnlyDifference(pattern, tokens) == chosen)
            {
                for (var i = 0; i < merged.Length; i++)
                {
                    if (pattern.IsWildcard(i))
                    {
                        merged[i] = Wildcard.Text;
                    }
                }
            }
        }

        generalized = new Pattern(merged, 0);
        return null;
    }

    /// <summary>The live patterns, other than <paramref name="general"/>, whose every message it also matches.</summary>
    public List<Pattern> Subsumed(Pattern general)
    {
        var subsumed = new List<Pattern>();
        foreach (var pattern in _byLength[general.Tokens.Length])
        {
            if (pattern != general && Covers(general, pattern.Tokens))
            {
                subsumed.Add(pattern);
            }
        }

        return subsumed;
    }

    private static bool Covers(Pattern pattern, string[] tokens)
    {
        var template = pattern.Tokens;
        for (var i = 0; i < template.Length; i++)
        {
            if (ReferenceEquals(template[i], Wildcard.Text) ? IsPunctuation(tokens[i]) : !string.Equals(template[i], tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The one position where <paramref name="tokens"/> differ from the pattern and may become a variable; else -1.</summary>
    private static int OnlyDifference(Pattern pattern, string[] tokens)
    {
        var template = pattern.Tokens;
        var position = -1;
        for (var i = 0; i < template.Length; i++)
        {
            var wildcard = ReferenceEquals(template[i], Wildcard.Text);
            if (wildcard ? !IsPunctuation(tokens[i]) : string.Equals(template[i], tokens[i], StringComparison.Ordinal))
            {
                continue;
            }

            if (position >= 0 || wildcard)
            {
                return -1;
            }

            position = i;
        }

        if (position < 0 || IsPunctuation(tokens[position]) || IsPunctuation(template[position]))
        {
            return -1;
        }

        // The first word usually names the event (boot, halt, wait): it varies only when both look like values.
        if (position == 0 && !(LooksVariable(template[0]) && LooksVariable(tokens[0])))
        {
            return -1;
        }

        return pattern.Literals > 1 ? position : -1;
    }

    private static bool LooksVariable(string token) =>
        token.AsSpan().ContainsAnyInRange('0', '9') || token.Contains(Wildcard.Text, StringComparison.Ordinal);

    private static bool IsPunctuation(string token)
    {
        foreach (var c in token)
        {
            if (char.IsLetterOrDigit(c) || c == '*' && token.Contains(Wildcard.Text, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
