namespace LogAnalyzer.Storage;

/// <summary>Timestamps as microseconds since the Unix epoch: ordered, compact, and exact to the microsecond.</summary>
internal static class UnixTime
{
    public const long MicrosecondsPerMinute = 60_000_000;

    public static long ToMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long value) => new(DateTimeOffset.UnixEpoch.UtcTicks + (value * 10), TimeSpan.Zero);
}
