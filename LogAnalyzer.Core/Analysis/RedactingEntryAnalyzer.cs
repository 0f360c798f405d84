using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Analysis;

/// <summary>
/// Redacts each entry before the inner analyzer sees it (<see cref="RedactionOptions.RedactStoredEntries"/>), so
/// neither the store nor the patterns ever hold what was removed.
/// </summary>
internal sealed class RedactingEntryAnalyzer(IEntryAnalyzer inner, EntryRedaction redaction) : IEntryAnalyzer
{
    /// <summary>The analyzer to use: <paramref name="inner"/>, behind redaction when the options ask for it.</summary>
    public static IEntryAnalyzer Wrap(IEntryAnalyzer inner, RedactionOptions options, LogRedactor redactor) =>
        options.RedactStoredEntries ? new RedactingEntryAnalyzer(inner, new EntryRedaction(redactor)) : inner;

    public void Analyze(IReadOnlyList<LogEntry> entries, int start, List<PatternMerge> merges)
    {
        for (var i = start; i < entries.Count; i++)
        {
            redaction.Redact(entries[i]);
        }

        inner.Analyze(entries, start, merges);
    }
}
