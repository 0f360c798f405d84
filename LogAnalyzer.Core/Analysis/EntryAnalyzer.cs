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
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public void Analyze(IReadOnlyList<LogEntry> entries, int start, List<PatternMerge> merges)
    {
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
    }

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
            merges.Add(new PatternMerge(from, to));
            if (_known.Contains(from))
            {
                _known.Add(to);
            }
        }

        return _known.Add(id);
    }

    private (string Id, string Template) Classify(LogEntry entry)
    {
        var template = entry.MessageTemplate is { Length: > 0 } structured
            ? MessageTemplates.ToWildcards(structured)
            : null;
        if (entry.Exception is { Length: > 0 } exception && entry.Level >= LogEntryLevel.Warning)
        {
            template ??= miner.Mine(entry.Message).Template;
            return (PatternId.For("exception\n" + ExceptionFingerprint.Of(exception)), template);
        }

        if (template is not null)
        {
            return (PatternId.For(template), template);
        }

        var mined = miner.Mine(entry.Message);
        return (mined.PatternId, mined.Template);
    }
}
