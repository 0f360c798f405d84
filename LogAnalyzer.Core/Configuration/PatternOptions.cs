namespace LogAnalyzer;

/// <summary>Settings of the log template miner (<c>LogAnalyzer:Patterns</c>).</summary>
public sealed class PatternOptions
{
    /// <summary>
    /// The most patterns kept in memory; beyond it the least recently used pattern is evicted (and counted).
    /// Default: 10,000.
    /// </summary>
    public int MaxPatterns { get; set; } = 10_000;

    /// <summary>
    /// How many distinct words must be seen at one position of otherwise identical messages before that position
    /// becomes a variable (<c>&lt;*&gt;</c>). Words that contain digits need only two. Default: 3.
    /// </summary>
    public int MinDistinctValues { get; set; } = 4;

    /// <summary>
    /// Extra masks, by name: a regular expression (.NET syntax) that, when it matches a whole whitespace-separated
    /// token (or the token without its surrounding brackets, quotes and punctuation), makes it a variable. They are
    /// applied before the built-in masks (numbers, hex, IP addresses, GUIDs, URLs, paths, e-mail addresses, times,
    /// durations, sizes, key=value values and request, job and block ids). Default: none.
    /// </summary>
    public IDictionary<string, string> Masks { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
