namespace LogAnalyzer.Patterns;

/// <summary>Template tokens with <c>&lt;*&gt;</c> inside (<c>tag="&lt;*&gt;",</c>): matching, extraction and building.</summary>
internal static class Glob
{
    private const string Openers = "=:([{\"'-";
    private const string Closers = ")]}\"',;:.";

    public static bool IsGlob(string token) => token.Contains(Wildcard.Text, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="text"/> matches <paramref name="glob"/>, each <c>&lt;*&gt;</c> standing for one or more characters.</summary>
    public static bool Matches(string glob, ReadOnlySpan<char> text) => Split(glob, text, null);

    /// <summary>Adds the text of each <c>&lt;*&gt;</c> of <paramref name="glob"/> in <paramref name="text"/>; false when it does not match.</summary>
    public static bool Extract(string glob, ReadOnlySpan<char> text, List<string> values) => Split(glob, text, values);

    /// <summary>
    /// The token that covers all <paramref name="values"/>: their common prefix up to its last key or bracket
    /// character (<c>name=</c>, <c>tag="</c>, <c>environment:</c>, <c>node-</c>), <c>&lt;*&gt;</c>, and their common closing
    /// punctuation.
    /// </summary>
    public static string Generalize(IReadOnlyList<string> values)
    {
        var first = values[0];
        var prefix = first.Length;
        var suffix = first.Length;
        foreach (var value in values)
        {
            prefix = Math.Min(prefix, first.AsSpan().CommonPrefixLength(value));
            suffix = Math.Min(suffix, CommonSuffixLength(first, value));
        }

        var p = prefix;
        while (p > 0 && !Openers.Contains(first[p - 1], StringComparison.Ordinal))
        {
            p--;
        }

        var s = 0;
        while (s < suffix && s < first.Length - p && Closers.Contains(first[first.Length - 1 - s], StringComparison.Ordinal))
        {
            s++;
        }

        if (first.AsSpan(0, p).Contains('<') || first.AsSpan(first.Length - s).Contains('>'))
        {
            return Wildcard.Text;
        }

        return p == 0 && s == 0 ? Wildcard.Text : string.Concat(first.AsSpan(0, p), Wildcard.Text, first.AsSpan(first.Length - s));
    }

    private static int CommonSuffixLength(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[a.Length - 1 - n] == b[b.Length - 1 - n])
        {
            n++;
        }

        return n;
    }

    private static bool Split(string glob, ReadOnlySpan<char> text, List<string>? values)
    {
        var g = glob.AsSpan();
        var star = g.IndexOf(Wildcard.Text);
        if (!text.StartsWith(g[..star], StringComparison.Ordinal))
        {
            return false;
        }

        text = text[star..];
        g = g[(star + Wildcard.Text.Length)..];
        while (true)
        {
            if (text.IsEmpty)
            {
                return false;
            }

            var next = g.IndexOf(Wildcard.Text);
            var literal = next < 0 ? g : g[..next];
            int at;
            if (next < 0)
            {
                at = text.Length - literal.Length;
                if (at < 1 || !text.EndsWith(literal, StringComparison.Ordinal))
                {
                    return false;
                }
            }
            else
            {
                at = literal.IsEmpty ? 1 : text[1..].IndexOf(literal, StringComparison.Ordinal) + 1;
                if (at < 1)
                {
                    return false;
                }
            }

            values?.Add(text[..at].ToString());
            if (next < 0)
            {
                return true;
            }

            text = text[(at + literal.Length)..];
            g = g[(next + Wildcard.Text.Length)..];
        }
    }
}
