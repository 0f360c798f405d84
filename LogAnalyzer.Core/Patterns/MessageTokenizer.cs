using System.Buffers;

namespace LogAnalyzer.Patterns;

/// <summary>
/// Splits a message at (ASCII) whitespace and masks each token into a <see cref="MaskedMessage"/>. Plain words (letters and
/// dashes, maybe closing punctuation) are recognised in the same pass that finds the token's end and copied as they
/// are; only the other tokens go through <see cref="TokenMasker"/>.
/// </summary>
internal static class MessageTokenizer
{
    private const byte Closing = 4;
    private const byte Space = 8;
    private static readonly byte[] Classes = CreateClasses();
    private static readonly SearchValues<char> WordChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-");

    private const int MaxQuotedValue = 256;
    private static readonly SearchValues<char> NumberChars = SearchValues.Create("0123456789.");
    private static readonly SearchValues<char> HexNumberChars = SearchValues.Create("0123456789abcdefABCDEFx.");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    // ASCII whitespace only: the vectorised search needs an ASCII set, and log messages separate tokens with it.
    private static readonly SearchValues<char> Spaces = SearchValues.Create(" \t\r\n\v\f");

    public static void Tokenize(MaskedMessage message, string text, UserMasks? userMasks)
    {
        message.Reset(text);
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            if (Class(span[i]) == Space)
            {
                i++;
                continue;
            }

            // A plain number (maybe dotted, maybe closed by punctuation: 3.0, 2703, 10.1.2.3, 3).) is one value.
            var rest = span[i..];
            if (char.IsAsciiDigit(rest[0]) && userMasks is null && NumberEnd(rest, NumberChars, out var digitsEnd) is var numberEnd and > 0)
            {
                message.BeginToken(i, numberEnd);
                message.AppendVariable(i, i + digitsEnd);
                message.Append(rest[digitsEnd..numberEnd]);
                message.EndToken();
                i += numberEnd;
                continue;
            }

            // A plain word: letters and dashes, then maybe closing punctuation (src:, driver.), found vectorised.
            var start = i;
            var wordEnd = rest.IndexOfAnyExcept(WordChars);
            wordEnd = wordEnd < 0 ? rest.Length : wordEnd;
            // key=number (uid=1000, flags=0x1,): the key stays, the number is the value.
            if (userMasks is null && wordEnd > 0 && wordEnd + 1 < rest.Length && rest[wordEnd] == '=' && char.IsAsciiLetter(rest[0])
                && char.IsAsciiDigit(rest[wordEnd + 1])
                && NumberEnd(rest[(wordEnd + 1)..], HexNumberChars, out var valueEnd) is var keyValueEnd and > 0)
            {
                var valueStart = wordEnd + 1;
                message.BeginToken(i, valueStart + keyValueEnd);
                message.Append(rest[..valueStart]);
                message.AppendVariable(i + valueStart, i + valueStart + valueEnd);
                message.Append(rest[(valueStart + valueEnd)..(valueStart + keyValueEnd)]);
                message.EndToken();
                i += valueStart + keyValueEnd;
                continue;
            }

            var end = wordEnd;
            while (end < rest.Length && Class(rest[end]) == Closing)
            {
                end++;
            }

            var plain = userMasks is null && char.IsAsciiLetter(rest[0]);
            if (end < rest.Length && Class(rest[end]) != Space)
            {
                plain = false;
                var space = rest[end..].IndexOfAny(Spaces);
                end = space < 0 ? rest.Length : end + space;
            }

            i = start + end;
            var token = rest[..end];
            if (!plain && QuotedValueEnd(span, start, i) is var quotedEnd and > 0)
            {
                AddQuotedValue(message, span, start, quotedEnd);
                i = quotedEnd;
                continue;
            }

            if (token.Length <= 5 && message.Count > 0 && message.MaskedToken(message.Count - 1).SequenceEqual(Wildcard.Text)
                && TokenMasker.UnitLength(token) is var unit and > 0)
            {
                message.ExtendLastVariable(start + unit);
                message.JoinWithPrevious(i, token[unit..]);
                continue;
            }

            if (DateRun.MayStart(token) && DateRun.End(span, start) is var dateEnd and > 0)
            {
                message.BeginToken(start, dateEnd - start);
                message.AppendVariable(start, dateEnd);
                message.EndToken();
                i = dateEnd;
                continue;
            }

            var core = token[..wordEnd];
            if (plain && (core.Length < 8 || core.ContainsAnyExcept(HexDigits))
                && (core.Length is not (4 or 5) || !TokenMasker.IsBooleanOrNull(core)))
            {
                message.AddLiteralToken(start, token);
                continue;
            }

            TokenMasker.Mask(message, start, end, userMasks);
        }
    }

    /// <summary>
    /// The end of a <c>key="a value with spaces"</c> run that starts with the token [start, end) (logfmt and
    /// Android's <c>tag="View Lock"</c>): one value over several tokens. Else -1.
    /// </summary>
    private static int QuotedValueEnd(ReadOnlySpan<char> text, int start, int end)
    {
        var token = text[start..end];
        var open = token.IndexOf('"');
        if (open <= 0 || token[open - 1] != '=' || token[(open + 1)..].Contains('"'))
        {
            return -1;
        }

        var close = text[end..].IndexOf('"');
        if (close < 0 || close > MaxQuotedValue)
        {
            return -1;
        }

        close += end;
        var space = text[close..].IndexOfAny(Spaces);
        return space < 0 ? text.Length : close + space;
    }

    private static void AddQuotedValue(MaskedMessage message, ReadOnlySpan<char> text, int start, int end)
    {
        var valueStart = text[start..end].IndexOf('"') + start + 1;
        var valueEnd = text[valueStart..end].IndexOf('"') + valueStart;
        message.BeginToken(start, end - start);
        message.Append(text[start..valueStart]);
        message.AppendVariable(valueStart, valueEnd);
        message.Append(text[valueEnd..end]);
        message.EndToken();
    }

    /// <summary>The end of a token of <paramref name="chars"/> followed only by closing punctuation, else -1.</summary>
    private static int NumberEnd(ReadOnlySpan<char> rest, SearchValues<char> chars, out int valueEnd)
    {
        var end = rest.IndexOfAnyExcept(chars);
        end = end < 0 ? rest.Length : end;

        // A trailing dot is punctuation (on port 40984.), not part of the number.
        while (end > 1 && rest[end - 1] == '.')
        {
            end--;
        }

        valueEnd = end;
        while (end < rest.Length && Class(rest[end]) == Closing)
        {
            end++;
        }

        return end == rest.Length || Class(rest[end]) == Space ? end : -1;
    }

    private static byte Class(char c) => c < 128 ? Classes[c] : (byte)0;

    private static byte[] CreateClasses()
    {
        var classes = new byte[128];
        foreach (var c in ")]}>'\",;:.!?`")
        {
            classes[c] = Closing;
        }

        foreach (var c in " \t\r\n\v\f")
        {
            classes[c] = Space;
        }

        return classes;
    }
}
