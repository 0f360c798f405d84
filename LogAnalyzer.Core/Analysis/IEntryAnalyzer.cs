using LogAnalyzer.Storage;

namespace LogAnalyzer.Analysis;

/// <summary>
/// What runs on each batch before it is stored: pattern assignment and anomaly scoring. Called by the pipeline's
/// single writer once per entry (never again on a retry), a batch possibly in several steps as it grows, so implementations need no locking of their own state.
/// </summary>
internal interface IEntryAnalyzer
{
    /// <summary>Sets the pattern, score and reasons of each entry from <paramref name="start"/> on; adds the pattern merges that caused.</summary>
    /// <param name="entries">The batch.</param>
    /// <param name="start">The first entry not analysed yet.</param>
    /// <param name="merges">Where to add patterns that generalised into others while analysing.</param>
    void Analyze(IReadOnlyList<LogEntry> entries, int start, List<PatternMerge> merges);
}
