namespace LogAnalyzer.Pipeline;

/// <summary>Exponential backoff: how long to wait before trying again, after the pipeline's or the Redis consumer's failures.</summary>
internal static class Backoff
{
    /// <summary><paramref name="first"/> doubled <paramref name="retry"/> times (0: the first retry), at most <paramref name="max"/>.</summary>
    public static TimeSpan Delay(TimeSpan first, int retry, TimeSpan max) =>
        TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, Math.Clamp(retry, 0, 30)), max.Ticks));
}
