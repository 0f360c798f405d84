using System.Buffers;

namespace LogAnalyzer.Patterns;

/// <summary>Splits a message at whitespace and masks each token into a <see cref="MaskedMessage"/>.</summary>
internal static class MessageTokenizer
{
    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(" \t\r\n\v\f\u00a0\u2028\u2029\u0085");

    public static void Tokenize(MaskedMessage message, string text, UserMasks? userMasks)
    {
        message.Reset(text);
        var span = text.AsSpan();
        var i = 0;
        while (true)
        {
            while (i < span.Length && char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            if (i == span.Length)
            {
                return;
            }

            var start = i;
            var end = span[i..].IndexOfAny(WhiteSpace);
            i = end < 0 ? span.Length : i + end;

            var token = span[start..i];
            if (message.Count > 0 && message.MaskedToken(message.Count - 1).SequenceEqual(Wildcard.Text)
                && TokenMasker.UnitLength(token) is var unit and > 0)
            {
                message.ExtendLastVariable(start + unit);
                message.JoinWithPrevious(i, token[unit..]);
                continue;
            }

            TokenMasker.Mask(message, start, i - start, userMasks);
        }
    }
}
