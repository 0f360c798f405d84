using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogAnalyzer.Endpoints.Contracts;

/// <summary>The JSON body of <c>POST /api/logs</c> and of each item of a batch. Unknown fields are ignored.</summary>
internal sealed class LogEntryRequest
{
    public string? Level { get; set; }

    public string? Message { get; set; }

    public string? Endpoint { get; set; }

    public string? UserId { get; set; }

    public string? SessionId { get; set; }

    public string? City { get; set; }

    public string? ErrorCode { get; set; }

    public double? ResponseTime { get; set; }

    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    public string? Service { get; set; }

    public string? TraceId { get; set; }

    public string? SpanId { get; set; }

    public string? Exception { get; set; }

    public string? MessageTemplate { get; set; }

    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Makes an entry; a level that names no level is reported under <c>{prefix}level</c>.</summary>
    public LogEntry ToEntry(string prefix, DateTimeOffset now, ICollection<KeyValuePair<string, string>> errors)
    {
        var level = LogEntryLevel.Information;
        if (Level is not null && !LogEntryLevels.TryParse(Level, out level))
        {
            errors.Add(new(prefix + "level", "Unknown level. Use TRACE, DEBUG, INFO, WARN, ERROR or CRITICAL (FATAL and the Serilog and Microsoft.Extensions.Logging names are accepted too)."));
        }

        return new LogEntry
        {
            Timestamp = (Timestamp ?? now).ToUniversalTime(),
            Level = level,
            Message = Message ?? string.Empty,
            MessageTemplate = MessageTemplate,
            Endpoint = Given(Endpoint),
            UserId = Given(UserId),
            SessionId = Given(SessionId),
            City = Given(City),
            ErrorCode = Given(ErrorCode),
            ResponseTime = ResponseTime,
            Service = Given(Service),
            TraceId = Given(TraceId),
            SpanId = Given(SpanId),
            Exception = Given(Exception),
            Properties = Properties?.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal),
        };
    }

    // An empty or blank id is no id: stored, "" would be one session (or user, or endpoint) shared by every client
    // that sent it, as the request-context middleware already treats it.
    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>The JSON body of <c>POST /api/logs/batch</c>.</summary>
internal sealed class LogBatchRequest
{
    public List<LogEntryRequest?>? Logs { get; set; }
}
