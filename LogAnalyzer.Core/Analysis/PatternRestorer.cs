using LogAnalyzer.Patterns;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Analysis;

/// <summary>Reloads the miner's patterns from the store at start-up, so ids and templates carry across restarts.</summary>
internal static class PatternRestorer
{
    public static async Task RestoreAsync(TemplateMiner miner, IPatternStore store, int maxPatterns, CancellationToken cancellationToken)
    {
        var saved = await store.ListPatternsAsync(maxPatterns, cancellationToken);
        // Only mined and structured patterns have an id derived from their template; exception fingerprints do not,
        // and must not become templates the miner matches free text against.
        miner.Restore(saved
            .Where(p => p.Id == PatternId.For(p.Template))
            .Select(p => new MinedPattern(p.Id, p.Template, p.Count, [])));
    }
}
