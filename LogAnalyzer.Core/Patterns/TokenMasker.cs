using System.Buffers;

namespace LogAnalyzer.Patterns;

/// <summary>
/// The built-in masks, hand-written over spans because they run on every message: a token is split into its
/// surrounding brackets and punctuation and its core; a core that is a whole value (URL, path, IP address with port,
/// host:port, GUID, e-mail, date, time, number, block id, key=value with a value holding digits) becomes one
/// <c>&lt;*&gt;</c>; any other core is split into words, and words that are numbers, hex, ids with digits and
/// underscores, sizes and durations (a leading digit), booleans or null become <c>&lt;*&gt;</c>, keeping the
/// punctuation between them (<c>node-&lt;*&gt;</c>, <c>(&lt;*&gt;)</c>, <c>key=&lt;*&gt;,</c>).
/// </summary>
internal static class TokenMasker
{
    private static readonly SearchValues<char> Leading = SearchValues.Create("([{<'\"`");
    private static readonly SearchValues<char> Trailing = SearchValues.Create(")]}>'\",;:.!?`");
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> PlainWord =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-");

    private static readonly SearchValues<char> SegmentedValue = SearchValues.Create(",(=");

    public static void Mask(MaskedMessage message, int start, int length, UserMasks? userMasks)
    {
        var token = message.Source.AsSpan(start, length);
        message.BeginToken(start, length);

        var lead = 0;
        while (lead < length && Leading.Contains(token[lead]))
        {
            lead++;
        }

        var trail = 0;
        while (trail < length - lead && Trailing.Contains(token[length - 1 - trail]))
        {
            trail++;
        }

        var core = token.Slice(lead, length - lead - trail);
        if (core.IsEmpty)
        {
            message.Append(token);
            message.EndToken();
            return;
        }

        // Most tokens are plain words: nothing to mask unless they are a boolean, null or long hex.
        if (userMasks is null && !core.ContainsAnyExcept(PlainWord) && !IsBooleanOrNull(core)
            && (core.Length < 8 || core.ContainsAnyExcept(Hex)))
        {
            message.Append(token);
            message.EndToken();
            return;
        }

        var coreStart = start + lead;
        var userMasked = userMasks is not null && (userMasks.Matches(token) || userMasks.Matches(core));

        // key=value first: the key stays even when the value is a URL or a path (dat=file:///sdcard/a.apk).
        if (!userMasked && KeyValueSplit(core) is var eq and > 0)
        {
            message.Append(token[..(lead + eq + 1)]);
            AppendWhole(message, token, lead + eq + 1, core.Length - eq - 1, coreStart + eq + 1, absorbDots: false);
        }
        else if ((userMasked ? ValueKind.Whole : ValueShapes.Classify(core)) is var kind && kind != ValueKind.None)
        {
            message.Append(token[..lead]);
            AppendWhole(message, token, lead, core.Length, coreStart, kind == ValueKind.Path);
        }
        else
        {
            message.Append(token[..lead]);
            AppendWords(message, core, coreStart);
            message.Append(token[(lead + core.Length)..]);
        }

        message.EndToken();
    }

    /// <summary>Whether <paramref name="token"/> is a size unit that belongs to the number before it (<c>5.2 KB</c>).</summary>
    public static int UnitLength(ReadOnlySpan<char> token)
    {
        var end = token.Length;
        while (end > 0 && Trailing.Contains(token[end - 1]))
        {
            end--;
        }

        return token[..end] switch
        {
            "B" or "KB" or "MB" or "GB" or "TB" or "KiB" or "MiB" or "GiB" or "TiB" => end,
            _ => 0,
        };
    }

    private static void AppendWhole(MaskedMessage message, ReadOnlySpan<char> token, int offset, int valueLength, int sourceStart, bool absorbDots)
    {
        var end = offset + valueLength;
        var value = token.Slice(offset, valueLength);

        // A closing bracket whose opener is inside the value (WorkSource{10113}) and a path's final dot are the value's.
        while (end < token.Length && Closes(token[end], value))
        {
            end++;
            value = token[offset..end];
        }

        while (absorbDots && end < token.Length && token[end] == '.')
        {
            end++;
        }

        message.AppendVariable(sourceStart, sourceStart + end - offset);
        message.Append(token[end..]);
    }

    private static bool Closes(char c, ReadOnlySpan<char> value)
    {
        var open = c switch { ')' => '(', ']' => '[', '}' => '{', _ => '\0' };
        return open != '\0' && value.Count(open) > value.Count(c);
    }

    private static void AppendWords(MaskedMessage message, ReadOnlySpan<char> core, int coreStart)
    {
        var i = 0;
        while (i < core.Length)
        {
            var c = core[i];
            var signed = (c is '-' or '+') && i + 1 < core.Length && char.IsAsciiDigit(core[i + 1])
                && (i == 0 || core[i - 1] is '=' or ':' or '(' or '[' or ',');
            if (!signed && !IsWordChar(c))
            {
                message.Append(c);
                i++;
                continue;
            }

            var j = WordEnd(core, signed ? i + 1 : i);

            // A boolean or null is a value where a value stands (flag=true, setLightsOn(true), isOverlap:false,),
            // not inside an expression (null?true).
            var isValue = IsVariableWord(core[i..j])
                || (IsBooleanOrNull(core[i..j]) && (i == 0 || core[i - 1] is '=' or ':' or '(' or '[' or '{' or ',')
                    && (j == core.Length || core[j] is ',' or ')' or ']' or '}' or ';'));
            if (!isValue)
            {
                message.Append(core[i..j]);
                i = j;
                continue;
            }

            // Variables joined by dots or colons are one value (versions, times, addresses).
            while (j + 1 < core.Length && core[j] is '.' or ':' && IsWordChar(core[j + 1]))
            {
                var k = WordEnd(core, j + 1);
                if (!IsVariableWord(core[(j + 1)..k]))
                {
                    break;
                }

                j = k;
            }

            message.AppendVariable(coreStart + i, coreStart + j);
            i = j;
        }
    }

    private static int WordEnd(ReadOnlySpan<char> text, int from)
    {
        while (from < text.Length && IsWordChar(text[from]))
        {
            from++;
        }

        return from;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 127 && char.IsLetterOrDigit(c));

    private static bool IsVariableWord(ReadOnlySpan<char> word)
    {
        if (word[0] is '-' or '+')
        {
            return true;
        }

        if (char.IsAsciiDigit(word[0]))
        {
            return true;
        }

        var digits = word.ContainsAnyInRange('0', '9');
        if (digits && HasNumericPart(word))
        {
            return true;
        }

        if (!word.ContainsAnyExcept(Hex) && ((digits && word.Length >= 5) || word.Length >= 8))
        {
            return true;
        }

        return false;
    }

    public static bool IsBooleanOrNull(ReadOnlySpan<char> word) =>
        word.Equals("true", StringComparison.OrdinalIgnoreCase)
        || word.Equals("false", StringComparison.OrdinalIgnoreCase)
        || word.Equals("null", StringComparison.OrdinalIgnoreCase);

    /// <summary>An id of underscore-separated parts, one of them a number (<c>rdd_2_1</c>, <c>job_1445144423722_0020</c>; not <c>jk2_init</c>).</summary>
    private static bool HasNumericPart(ReadOnlySpan<char> word)
    {
        if (!word.Contains('_'))
        {
            return false;
        }

        foreach (var range in word.Split('_'))
        {
            var part = word[range];
            if (!part.IsEmpty && !part.ContainsAnyExceptInRange('0', '9'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of <c>=</c> in <c>key=value</c> when the value as a whole is a variable, else -1.</summary>
    private static int KeyValueSplit(ReadOnlySpan<char> core)
    {
        var eq = core.IndexOf('=');
        if (eq <= 0 || eq == core.Length - 1 || core[..eq].ContainsAnyExcept(KeyChars))
        {
            return -1;
        }

        var value = core[(eq + 1)..];
        if (value[0] == '[')
        {
            return eq;
        }

        return (value.ContainsAnyInRange('0', '9') || value.Contains('/')) && !value.ContainsAny(SegmentedValue) ? eq : -1;
    }

    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
}
