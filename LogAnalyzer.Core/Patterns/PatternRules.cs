namespace LogAnalyzer.Patterns;

/// <summary>When a template token covers a message token, and where a message differs from a pattern.</summary>
internal static class PatternRules
{
    public static bool Covers(Pattern pattern, string[] tokens)
    {
        var template = pattern.Tokens;
        for (var i = 0; i < template.Length; i++)
        {
            if (!Covers(template[i], tokens[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Covers(string template, string token)
    {
        if (ReferenceEquals(template, Wildcard.Text))
        {
            return !IsPunctuation(token);
        }

        return string.Equals(template, token, StringComparison.Ordinal) || (Glob.IsGlob(template) && Glob.Matches(template, token));
    }

    /// <summary>
    /// The one position where <paramref name="tokens"/> differ from the pattern and may become a variable; else -1.
    /// <paramref name="keyValuesOnly"/>: they differ, and only in the values of the same keys.
    /// </summary>
    public static int OnlyDifference(Pattern pattern, string[] tokens, out bool keyValuesOnly)
    {
        var template = pattern.Tokens;
        var position = -1;
        var others = 0;
        var keys = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (Covers(template[i], tokens[i]))
            {
                continue;
            }

            if (SameKey(template[i], tokens[i]))
            {
                keys++;
            }
            else
            {
                others++;
                position = i;
            }
        }

        keyValuesOnly = others == 0 && keys > 0;
        if (others != 1 || keys > 0 || ReferenceEquals(template[position], Wildcard.Text)
            || IsPunctuation(tokens[position]) || IsPunctuation(template[position]))
        {
            return -1;
        }

        // The first word usually names the event (boot, halt, wait): it varies only when both hold digits.
        if (position == 0 && !(HasDigit(template[0]) && HasDigit(tokens[0])))
        {
            return -1;
        }

        return pattern.Literals > 1 ? position : -1;
    }

    /// <summary>Both are <c>key=value</c> with the same key.</summary>
    private static bool SameKey(string a, string b)
    {
        var eq = a.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq < b.Length && b[eq] == '=' && char.IsLetterOrDigit(a[eq - 1])
            && a.AsSpan(0, eq).SequenceEqual(b.AsSpan(0, eq));
    }

    /// <summary>Two digits or more: a word like <c>storage234</c> rather than a name like <c>alt0</c>.</summary>
    public static bool HasDigit(string token)
    {
        var digits = 0;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c) && ++digits == 2)
            {
                return true;
            }
        }

        return false;
    }

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
