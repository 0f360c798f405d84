using LogAnalyzer.Storage;

namespace LogAnalyzer.Analysis;

/// <summary>
/// What runs on each batch before it is stored: pattern assignment and anomaly scoring. Called by the pipeline's
/// single writer once per batch (never again on a retry), so implementations need no locking of their own state.
/// </summary>
internal interface IEntryAnalyzer
{
    /// <summary>Sets each entry's pattern, score and reasons; adds the pattern merges the batch caused.</summary>
    /// <param name="entries">The batch.</param>
    /// <param name="merges">Where to add patterns that generalised into others while analysing.</param>
    void Analyze(IReadOnlyList<LogEntry> entries, List<PatternMerge> merges);
}
