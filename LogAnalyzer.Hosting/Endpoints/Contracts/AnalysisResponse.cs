using LogAnalyzer.Storage;

namespace LogAnalyzer.Endpoints.Contracts;

/// <summary>A pattern's explanation as the API returns it, with logs and with patterns.</summary>
internal sealed record AnalysisResponse(
    string Source,
    string? Model,
    string Summary,
    string RootCause,
    string Explanation,
    string Severity,
    string Category,
    IReadOnlyList<string> SuggestedFixes,
    DateTimeOffset AnalysedAt,
    string? Failure)
{
    public static AnalysisResponse From(PatternAnalysis a) => new(
        a.Source, a.Model, a.Summary, a.RootCause, a.Explanation, a.Severity, a.Category, a.SuggestedFixes, a.AnalysedAt, a.Failure);

    /// <summary>The analysis of <paramref name="patternId"/> among <paramref name="analyses"/>, if any.</summary>
    public static AnalysisResponse? For(string? patternId, IReadOnlyDictionary<string, PatternAnalysis>? analyses) =>
        patternId is not null && analyses is not null && analyses.TryGetValue(patternId, out var analysis) ? From(analysis) : null;
}
