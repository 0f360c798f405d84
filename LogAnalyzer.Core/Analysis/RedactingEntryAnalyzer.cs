using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Analysis;

/// <summary>
/// Pseudonymizes user ids (<see cref="RedactionOptions.UserIdHashKey"/>) and redacts each entry
/// (<see cref="RedactionOptions.RedactStoredEntries"/>) before the inner analyzer sees it, so neither the store nor the
/// patterns ever hold what was removed.
/// </summary>
internal sealed class RedactingEntryAnalyzer(IEntryAnalyzer inner, EntryRedaction? redaction, UserIdPseudonym? pseudonym) : IEntryAnalyzer
{
    /// <summary>The analyzer to use: <paramref name="inner"/>, behind redaction and pseudonyms when the options ask for them.</summary>
    public static IEntryAnalyzer Wrap(IEntryAnalyzer inner, RedactionOptions options, LogRedactor redactor)
    {
        var redaction = options.RedactStoredEntries ? new EntryRedaction(redactor) : null;
        var pseudonym = options.UserIdHashKey is { Length: > 0 } key ? new UserIdPseudonym(key) : null;
        return redaction is null && pseudonym is null ? inner : new RedactingEntryAnalyzer(inner, redaction, pseudonym);
    }

    public void Analyze(IReadOnlyList<LogEntry> entries, int start, List<PatternMerge> merges)
    {
        for (var i = start; i < entries.Count; i++)
        {
            // Pseudonyms first: the hash is of the id as the app gave it, so the same user always maps to one id.
            pseudonym?.Apply(entries[i]);
            redaction?.Redact(entries[i]);
        }

        inner.Analyze(entries, start, merges);
    }
}
