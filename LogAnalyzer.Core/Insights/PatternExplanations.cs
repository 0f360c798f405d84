using LogAnalyzer.Ai.Analysis;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Insights;

/// <summary>
/// The explanation of patterns for timelines and search: the stored analysis (AI or built-in) when the worker has
/// written one, otherwise, for the first pattern only, a built-in one made now from the pattern's evidence, so that
/// an answer never waits for the worker and never pays for more than one evidence query.
/// </summary>
internal sealed class PatternExplanations(IPatternAnalysisStore analyses, IPatternStore? patterns, TimeProvider time)
{
    private const int Samples = 3;

    public async Task<IReadOnlyDictionary<string, PatternAnalysis>> ExplainAsync(IReadOnlyCollection<string> patternIds, CancellationToken cancellationToken)
    {
        if (patternIds.Count == 0)
        {
            return new Dictionary<string, PatternAnalysis>();
        }

        var found = new Dictionary<string, PatternAnalysis>(await analyses.GetAnalysesAsync(patternIds, cancellationToken), StringComparer.Ordinal);
        if (patterns is null)
        {
            return found;
        }

        foreach (var id in patternIds.Take(1).Where(id => !found.ContainsKey(id)))
        {
            if (await patterns.GetPatternAsync(id, cancellationToken) is { } pattern)
            {
                var now = time.GetUtcNow();
                found[id] = BuiltInExplainer.Explain(await analyses.GetEvidenceAsync(pattern, now, Samples, cancellationToken), now);
            }
        }

        return found;
    }
}
