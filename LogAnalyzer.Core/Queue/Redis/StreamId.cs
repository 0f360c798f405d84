using StackExchange.Redis;

namespace LogAnalyzer.Queue.Redis;

/// <summary>Orders stream ids (<c>milliseconds-sequence</c>) numerically, as Redis does.</summary>
internal static class StreamId
{
    public static int Compare(RedisValue left, RedisValue right)
    {
        var (leftMs, leftSeq) = Parse(left);
        var (rightMs, rightSeq) = Parse(right);
        var byTime = leftMs.CompareTo(rightMs);
        return byTime != 0 ? byTime : leftSeq.CompareTo(rightSeq);
    }

    private static (ulong Milliseconds, ulong Sequence) Parse(RedisValue id)
    {
        var text = id.ToString();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? (ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 0)
            : (ulong.Parse(text.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(text.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
