using LogAnalyzer.Ai.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Patterns;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Analysis;

/// <summary>
/// Gives each entry a pattern — from the app's message template when it has one, from the exception's type and
/// top application frames when it failed with one (Sentry-style), else by mining the free text — then scores it.
/// </summary>
internal sealed class EntryAnalyzer(TemplateMiner miner, AnomalyScorer scorer, AnalysisTrigger? trigger = null) : IEntryAnalyzer
{
    private const int MaxKnown = 100_000;
    private const int MaxTemplates = 10_000;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// A message template's wildcard form and its pattern id, keyed by the template: an app logs a few hundred
    /// templates millions of times, so each entry shares the two strings instead of building and hashing its own
    /// (less work for the writer, and fewer young objects alive while a batch is in flight).
    /// </summary>
    private readonly Dictionary<string, (string Template, string Id)> _templates = new(StringComparer.Ordinal);

    public void Analyze(IReadOnlyList<LogEntry> entries, int start, List<PatternMerge> merges)
    {
        var mergesBefore = merges.Count;
        for (var i = start; i < entries.Count; i++)
        {
            var entry = entries[i];
            var (id, template) = Classify(entry);
            entry.PatternId = id;
            entry.Template = template;
            var isNew = IsNew(id, merges);
            scorer.Score(entry, id, isNewPattern: isNew);
            if (isNew && entry.IsAnomaly)
            {
                // Worth explaining now rather than at the next interval.
                trigger?.Notify();
            }
        }

        if (merges.Count > mergesBefore)
        {
            AdoptMerges(entries, merges, mergesBefore);
        }
    }

    /// <summary>
    /// Entries of this batch mined before a merge made in this call still carry the merged-away id. Not stored yet, they
    /// take the pattern they now belong to: a merge only moves patterns already stored, so their old pattern would
    /// otherwise be stored after it as a pattern of its own. Only this call's merges count, and only mined entries
    /// (a message template or an exception names its own pattern, as <see cref="Classify"/> gives it).
    /// </summary>
    private static void AdoptMerges(IReadOnlyList<LogEntry> entries, List<PatternMerge> merges, int from)
    {
        var targets = new Dictionary<string, PatternMerge>(StringComparer.Ordinal);
        for (var i = from; i < merges.Count; i++)
        {
            targets[merges[i].FromId] = merges[i];
        }

        foreach (var entry in entries)
        {
            if (!IsMined(entry) || entry.PatternId is not { } id || !targets.TryGetValue(id, out var merge))
            {
                continue;
            }

            // A -> B then B -> C in the same call: the entry goes to C.
            for (var hops = 0; hops < targets.Count && targets.TryGetValue(merge.ToId, out var next); hops++)
            {
                merge = next;
            }

            if (merge.ToTemplate is { } template)
            {
                (entry.PatternId, entry.Template) = (merge.ToId, template);
            }
        }
    }

    /// <summary>Whether <see cref="Classify"/> gives the entry the miner's pattern (neither its template's nor its exception's).</summary>
    private static bool IsMined(LogEntry entry) => !HasTemplate(entry) && !GroupedByException(entry);

    private static bool HasTemplate(LogEntry entry) => entry.MessageTemplate is { Length: > 0 };

    /// <summary>A warning or failure with an exception is grouped Sentry-style by the exception, whatever its message.</summary>
    private static bool GroupedByException(LogEntry entry) => entry.Exception is { Length: > 0 } && entry.Level >= LogEntryLevel.Warning;

    /// <summary>
    /// A pattern is new the first time its id is seen, unless it is a generalisation of a known pattern (the miner
    /// merged a known id into it): then it is the same kind of event, written more generally.
    /// </summary>
    private bool IsNew(string id, List<PatternMerge> merges)
    {
        if (_known.Count >= MaxKnown)
        {
            _known.Clear();
        }

        foreach (var (from, to) in miner.DrainMerges())
        {
            merges.Add(new PatternMerge(from, to, miner.TemplateOf(to)));
            if (_known.Contains(from))
            {
                _known.Add(to);
            }
        }

        return _known.Add(id);
    }

    private (string Id, string Template) Classify(LogEntry entry)
    {
        var structured = HasTemplate(entry) ? Structured(entry.MessageTemplate!) : ((string Template, string Id)?)null;
        if (GroupedByException(entry))
        {
            var template = structured?.Template ?? miner.Mine(entry.Message).Template;
            return (PatternId.For("exception\n" + ExceptionFingerprint.Of(entry.Exception!)), template);
        }

        if (structured is { } known)
        {
            return (known.Id, known.Template);
        }

        var mined = miner.Mine(entry.Message);
        return (mined.PatternId, mined.Template);
    }

    private (string Template, string Id) Structured(string messageTemplate)
    {
        if (_templates.TryGetValue(messageTemplate, out var known))
        {
            return known;
        }

        if (_templates.Count >= MaxTemplates)
        {
            // An app that builds its templates from data (interpolated strings) would otherwise grow this without end.
            _templates.Clear();
        }

        var template = MessageTemplates.ToWildcards(messageTemplate);
        return _templates[messageTemplate] = (template, PatternId.For(template));
    }
}
