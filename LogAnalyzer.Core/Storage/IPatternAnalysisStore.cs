namespace LogAnalyzer.Storage;

/// <summary>
/// Where the explanations of patterns are kept (one per pattern, replaced when the pattern is analysed again) and
/// where the analysis worker finds which patterns need one and the evidence about them.
/// </summary>
public interface IPatternAnalysisStore
{
    /// <summary>
    /// Patterns that need an analysis: never analysed, grown tenfold since, or (when <paramref name="modelConfigured"/>)
    /// with warnings or failures and only a built-in explanation written while no model was configured; those with
    /// anomalous entries since <paramref name="anomalousSince"/> first, then those with the most errors, warnings and entries.
    /// </summary>
    /// <param name="anomalousSince">How far back an anomalous entry makes its pattern urgent.</param>
    /// <param name="modelConfigured">Whether a language model can be asked now.</param>
    /// <param name="limit">The most patterns to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The patterns, most urgent first.</returns>
    Task<IReadOnlyList<PatternToAnalyse>> FindPatternsToAnalyseAsync(DateTimeOffset anomalousSince, bool modelConfigured, int limit, CancellationToken cancellationToken);

    /// <summary>The facts about a pattern's recent entries that an analysis is grounded in.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="now">The end of the windows (the last hour, and the hour before it for the trend).</param>
    /// <param name="samples">How many distinct recent messages to include.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The evidence.</returns>
    Task<PatternEvidence> GetEvidenceAsync(PatternSummary pattern, DateTimeOffset now, int samples, CancellationToken cancellationToken);

    /// <summary>Stores analyses, replacing earlier ones of the same patterns.</summary>
    /// <param name="analyses">The analyses.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when they are stored.</returns>
    Task SaveAnalysesAsync(IReadOnlyList<PatternAnalysis> analyses, CancellationToken cancellationToken);

    /// <summary>The analyses of the given patterns (merged ids resolve to the pattern they belong to).</summary>
    /// <param name="patternIds">The pattern ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each id that has an analysis, with it.</returns>
    Task<IReadOnlyDictionary<string, PatternAnalysis>> GetAnalysesAsync(IReadOnlyCollection<string> patternIds, CancellationToken cancellationToken);
}

/// <summary>A pattern that needs an analysis.</summary>
/// <param name="Pattern">The pattern.</param>
/// <param name="Anomalous">Whether it had anomalous entries recently.</param>
/// <param name="AnalysedAtCount">Its count when it was last analysed; <see langword="null"/> when never.</param>
public sealed record PatternToAnalyse(PatternSummary Pattern, bool Anomalous, long? AnalysedAtCount);

/// <summary>The facts about a pattern that an analysis is grounded in.</summary>
/// <param name="Pattern">The pattern and its totals.</param>
/// <param name="LastHour">Entries in the last hour.</param>
/// <param name="PreviousHour">Entries in the hour before.</param>
/// <param name="TopEndpoints">The most frequent endpoints of recent entries, with counts.</param>
/// <param name="TopErrorCodes">The most frequent error codes, with counts.</param>
/// <param name="TopCities">The most frequent cities, with counts.</param>
/// <param name="AffectedUsers">Distinct users among recent entries.</param>
/// <param name="AverageResponseTime">The mean response time of recent entries that have one, in milliseconds.</param>
/// <param name="P95ResponseTime">Their 95th percentile, in milliseconds.</param>
/// <param name="AnomalyReasons">Why recent entries were scored anomalous, with counts.</param>
/// <param name="Samples">Distinct recent messages (as stored, so redacted when redaction is on).</param>
/// <param name="Exception">One recent exception, when the entries had one.</param>
public sealed record PatternEvidence(
    PatternSummary Pattern,
    long LastHour,
    long PreviousHour,
    IReadOnlyList<KeyValuePair<string, long>> TopEndpoints,
    IReadOnlyList<KeyValuePair<string, long>> TopErrorCodes,
    IReadOnlyList<KeyValuePair<string, long>> TopCities,
    long AffectedUsers,
    double? AverageResponseTime,
    double? P95ResponseTime,
    IReadOnlyList<KeyValuePair<string, long>> AnomalyReasons,
    IReadOnlyList<string> Samples,
    string? Exception);

/// <summary>An explanation of a pattern, written by the language model or by LogAnalyzer's built-in explainer.</summary>
/// <param name="PatternId">The pattern.</param>
/// <param name="Source"><c>ai</c> (the language model) or <c>builtin</c>.</param>
/// <param name="Model">The model that wrote it, for <c>ai</c>.</param>
/// <param name="Summary">One line: what happens.</param>
/// <param name="RootCause">The most likely cause, from the evidence.</param>
/// <param name="Explanation">A plain-language account for someone who does not read logs.</param>
/// <param name="Severity"><c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> or <c>CRITICAL</c>.</param>
/// <param name="Category">A short category such as <c>dependency</c>, <c>database</c>, <c>auth</c>.</param>
/// <param name="SuggestedFixes">What to do, most useful first.</param>
/// <param name="AnalysedAt">When it was written.</param>
/// <param name="PatternCount">The pattern's count then; the pattern is analysed again when it grows tenfold.</param>
/// <param name="Failure">Why the language model's analysis failed, when this built-in one replaces it.</param>
public sealed record PatternAnalysis(
    string PatternId,
    string Source,
    string? Model,
    string Summary,
    string RootCause,
    string Explanation,
    string Severity,
    string Category,
    IReadOnlyList<string> SuggestedFixes,
    DateTimeOffset AnalysedAt,
    long PatternCount,
    string? Failure = null);
