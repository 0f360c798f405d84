namespace LogAnalyzer.Storage;

/// <summary>
/// Stands in for <see cref="IPatternAnalysisStore"/> when the app's own <see cref="ILogStore"/> keeps no analyses:
/// there is never a pattern to analyse and never an analysis to show, and the API answers without them.
/// </summary>
internal sealed class NoPatternAnalyses : IPatternAnalysisStore
{
    public static readonly NoPatternAnalyses Instance = new();

    public Task<IReadOnlyList<PatternToAnalyse>> FindPatternsToAnalyseAsync(DateTimeOffset anomalousSince, bool modelConfigured, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PatternToAnalyse>>([]);

    public Task<PatternEvidence> GetEvidenceAsync(PatternSummary pattern, DateTimeOffset now, int samples, CancellationToken cancellationToken) =>
        Task.FromResult(new EvidenceTally(now, samples).ToEvidence(pattern));

    public Task SaveAnalysesAsync(IReadOnlyList<PatternAnalysis> analyses, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyDictionary<string, PatternAnalysis>> GetAnalysesAsync(IReadOnlyCollection<string> patternIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, PatternAnalysis>>(new Dictionary<string, PatternAnalysis>());
}
