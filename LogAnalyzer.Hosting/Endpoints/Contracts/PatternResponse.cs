using LogAnalyzer.Storage;

namespace LogAnalyzer.Endpoints.Contracts;

/// <summary>A pattern as the API returns it.</summary>
internal sealed record PatternResponse(
    string Id,
    string Template,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyDictionary<string, long> Levels,
    string? Sample,
    AnalysisResponse? Analysis)
{
    public static PatternResponse From(PatternSummary p, IReadOnlyDictionary<string, PatternAnalysis>? analyses) => new(
        p.Id,
        p.Template,
        p.Count,
        p.FirstSeen,
        p.LastSeen,
        p.CountByLevel.OrderByDescending(l => l.Key).ToDictionary(l => l.Key.ToName(), l => l.Value),
        p.Sample,
        AnalysisResponse.For(p.Id, analyses));
}
