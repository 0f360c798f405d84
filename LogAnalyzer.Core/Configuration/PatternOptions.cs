namespace LogAnalyzer;

/// <summary>Settings of the log template miner (<c>LogAnalyzer:Patterns</c>).</summary>
public sealed class PatternOptions
{
    /// <summary>
    /// The most patterns kept in memory; beyond it the least recently used patterns are evicted (1% of the bound at a
    /// time) and counted. Default: 10,000.
    /// </summary>
    public int MaxPatterns { get; set; } = 10_000;

    /// <summary>
    /// How many distinct words must be seen at one position of otherwise identical messages before that position
    /// becomes a variable (<c>&lt;*&gt;</c>). Words with two digits or more need only two; values of the same key
    /// (<c>name=a</c>, <c>name=b</c>) always need only two. Default: 4.
    /// </summary>
    public int MinDistinctValues { get; set; } = 4;

    /// <summary>
    /// Extra masks, by name: a regular expression (.NET syntax) that, when it matches a whole whitespace-separated
    /// token (or the token without its surrounding brackets, quotes and punctuation), makes it a variable. They are
    /// applied before the built-in masks (numbers, hex, IP addresses, GUIDs, URLs, paths, e-mail addresses, times,
    /// durations, sizes, key=value values and request, job and block ids). They run with the non-backtracking engine,
    /// so no pattern takes exponential time. Default: none.
    /// </summary>
    public IDictionary<string, string> Masks { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
