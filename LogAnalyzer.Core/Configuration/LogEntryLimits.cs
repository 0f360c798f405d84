namespace LogAnalyzer;

/// <summary>Size limits of one entry (<c>LogAnalyzer:Limits</c>). The HTTP API rejects an entry over them.</summary>
public sealed class LogEntryLimits
{
    /// <summary>The longest message and exception text, in characters. Default: 32,768 (32 KiB).</summary>
    public int MaxMessageLength { get; set; } = 32 * 1024;

    /// <summary>The longest value of every other string field, and of each property name and value. Default: 1,024.</summary>
    public int MaxStringLength { get; set; } = 1024;

    /// <summary>The most properties one entry may carry. Default: 64.</summary>
    public int MaxProperties { get; set; } = 64;

    /// <summary>How far ahead of the receive time a timestamp may be (clock skew allowance). Default: 1 day.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);
}
