using LogAnalyzer.Storage;

namespace LogAnalyzer.Endpoints.Contracts;

/// <summary>A stored entry as the API returns it.</summary>
internal sealed record LogEntryResponse(
    long Id,
    DateTimeOffset Timestamp,
    string Level,
    string Message,
    string? MessageTemplate,
    string? Endpoint,
    string? UserId,
    string? SessionId,
    string? City,
    string? ErrorCode,
    double? ResponseTime,
    string? Service,
    string? TraceId,
    string? SpanId,
    string? Exception,
    IReadOnlyDictionary<string, object?>? Properties,
    double AnomalyScore,
    bool IsAnomaly,
    IReadOnlyList<string> AnomalyReasons,
    string? PatternId,
    string? Template,
    AnalysisResponse? Analysis)
{
    public static LogEntryResponse From(LogEntry e, IReadOnlyDictionary<string, PatternAnalysis>? analyses) => new(
        e.Id, e.Timestamp, e.Level.ToName(), e.Message, e.MessageTemplate, e.Endpoint, e.UserId, e.SessionId, e.City,
        e.ErrorCode, e.ResponseTime, e.Service, e.TraceId, e.SpanId, e.Exception, e.Properties, e.AnomalyScore, e.IsAnomaly,
        e.AnomalyReasons, e.PatternId, e.Template, AnalysisResponse.For(e.PatternId, analyses));

    public static List<LogEntryResponse> From(IEnumerable<LogEntry> entries, IReadOnlyDictionary<string, PatternAnalysis>? analyses) =>
        entries.Select(e => From(e, analyses)).ToList();
}
