namespace LogAnalyzer.Patterns;

/// <summary>
/// Splits a message at whitespace and masks each token into a <see cref="MaskedMessage"/>. Plain words (letters and
/// dashes, maybe closing punctuation) are recognised in the same pass that finds the token's end and copied as they
/// are; only the other tokens go through <see cref="TokenMasker"/>.
/// </summary>
internal static class MessageTokenizer
{
    private const byte Letter = 1;
    private const byte HexLetter = 2;
    private const byte Closing = 4;
    private const byte Space = 8;
    private static readonly byte[] Classes = CreateClasses();

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

            var start = i;
            var coreEnd = -1;
            var plain = (Class(span[i]) & Letter) != 0 && userMasks is null;
            var hex = true;
            for (; i < span.Length; i++)
            {
                var cls = Class(span[i]);
                if (cls == Space)
                {
                    break;
                }

                if (!plain)
                {
                    continue;
                }

                if (coreEnd < 0 && (cls & Letter) != 0)
                {
                    hex &= (cls & HexLetter) != 0;
                }
                else if ((cls & Closing) != 0)
                {
                    coreEnd = coreEnd < 0 ? i : coreEnd;
                }
                else
                {
                    plain = false;
                }
            }

            var token = span[start..i];
            if (token.Length <= 5 && message.Count > 0 && message.MaskedToken(message.Count - 1).SequenceEqual(Wildcard.Text)
                && TokenMasker.UnitLength(token) is var unit and > 0)
            {
                message.ExtendLastVariable(start + unit);
                message.JoinWithPrevious(i, token[unit..]);
                continue;
            }

            var core = coreEnd < 0 ? token : span[start..coreEnd];
            if (plain && !(hex && core.Length >= 8) && (core.Length is not (4 or 5) || !TokenMasker.IsBooleanOrNull(core)))
            {
                message.AddLiteralToken(start, token);
                continue;
            }

            TokenMasker.Mask(message, start, i - start, userMasks);
        }
    }

    private static byte Class(char c) => c < 128 ? Classes[c] : char.IsWhiteSpace(c) ? Space : (byte)0;

    private static byte[] CreateClasses()
    {
        var classes = new byte[128];
        for (var c = 'a'; c <= 'z'; c++)
        {
            classes[c] = Letter;
            classes[char.ToUpperInvariant(c)] = Letter;
        }

        for (var c = 'a'; c <= 'f'; c++)
        {
            classes[c] |= HexLetter;
            classes[char.ToUpperInvariant(c)] |= HexLetter;
        }

        classes['-'] = Letter;
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
