namespace LogAnalyzer.Patterns;

/// <summary>
/// Dates written over several tokens, which are one value: <c>Wed Jun 22 13:16:30 2005</c>, <c>Jun 22 13:16:30</c>,
/// <c>2005-06-22 13:16:30,123</c>.
/// </summary>
internal static class DateRun
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Whether a date run may start with <paramref name="token"/> (cheap test before <see cref="End"/>).</summary>
    public static bool MayStart(ReadOnlySpan<char> token) =>
        (token.Length == 3 && char.IsAsciiLetterUpper(token[0])) || (token.Length == 10 && token[4] == '-' && char.IsAsciiDigit(token[0]));

    /// <summary>The end of the date run that starts at <paramref name="start"/>, or -1 when there is none.</summary>
    public static int End(ReadOnlySpan<char> text, int start)
    {
        var position = start;
        var token = Next(text, ref position);
        if (token.Length == 10)
        {
            return IsIsoDate(token) && Next(text, ref position) is var time && IsTime(time) ? position : -1;
        }

        if (Is(token, Days))
        {
            token = Next(text, ref position);
        }

        if (!Is(token, Months) || !IsNumber(Next(text, ref position), 1, 2) || !IsTime(Next(text, ref position)))
        {
            return -1;
        }

        var end = position;
        return IsNumber(Next(text, ref position), 4, 4) ? position : end;
    }

    private static ReadOnlySpan<char> Next(ReadOnlySpan<char> text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        var start = position;
        while (position < text.Length && !char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return text[start..position];
    }

    private static bool Is(ReadOnlySpan<char> token, string[] names)
    {
        foreach (var name in names)
        {
            if (token.SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(ReadOnlySpan<char> token, int min, int max) =>
        token.Length >= min && token.Length <= max && !token.ContainsAnyExceptInRange('0', '9');

    private static bool IsIsoDate(ReadOnlySpan<char> token) =>
        token[4] == '-' && token[7] == '-' && IsNumber(token[..4], 4, 4) && IsNumber(token[5..7], 2, 2) && IsNumber(token[8..], 2, 2);

    /// <summary><c>hh:mm</c>, <c>hh:mm:ss</c>, maybe with a fraction (<c>.123</c> or <c>,123</c>).</summary>
    private static bool IsTime(ReadOnlySpan<char> token)
    {
        if (token.Length < 5 || !IsNumber(token[..2], 2, 2) || token[2] != ':' || !IsNumber(token[3..5], 2, 2))
        {
            return false;
        }

        var rest = token[5..];
        if (rest.Length >= 3 && rest[0] == ':' && IsNumber(rest[1..3], 2, 2))
        {
            rest = rest[3..];
        }

        return rest.IsEmpty || (rest.Length > 1 && rest[0] is '.' or ',' && IsNumber(rest[1..], 1, 9));
    }
}
