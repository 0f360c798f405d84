namespace LogAnalyzer;

/// <summary>
/// One log entry: the fields of the seed API (level, message, endpoint, userId, sessionId, city, errorCode,
/// responseTime) plus the structure an app's logger gives (timestamp, service, trace and span ids, exception,
/// message template and a bounded property bag), and what analysis adds before storage.
/// </summary>
public sealed class LogEntry
{
    /// <summary>The store's id, assigned when the entry is committed; 0 before.</summary>
    public long Id { get; set; }

    /// <summary>When the event happened, in UTC. The receive time when the producer gives none.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The severity.</summary>
    public LogEntryLevel Level { get; set; } = LogEntryLevel.Information;

    /// <summary>The rendered message text.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The message template (Serilog's <c>MessageTemplate</c>, MEL's <c>{OriginalFormat}</c>), when known.</summary>
    public string? MessageTemplate { get; set; }

    /// <summary>The HTTP endpoint or operation, such as <c>/api/payment</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The user the event concerns.</summary>
    public string? UserId { get; set; }

    /// <summary>The user's session.</summary>
    public string? SessionId { get; set; }

    /// <summary>The user's city.</summary>
    public string? City { get; set; }

    /// <summary>An application error code such as <c>PAYMENT_GATEWAY_TIMEOUT</c>.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The response time in milliseconds.</summary>
    public double? ResponseTime { get; set; }

    /// <summary>The service or application that logged the event.</summary>
    public string? Service { get; set; }

    /// <summary>The W3C trace id.</summary>
    public string? TraceId { get; set; }

    /// <summary>The W3C span id.</summary>
    public string? SpanId { get; set; }

    /// <summary>The exception text (type, message and stack trace).</summary>
    public string? Exception { get; set; }

    /// <summary>
    /// Further structured properties. Values are strings, booleans, numbers, <see cref="System.Text.Json.JsonElement"/>
    /// or <see langword="null"/>; anything else is stored as its string form.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Properties { get; set; }

    /// <summary>The anomaly score in [0, 1] given before storage.</summary>
    public double AnomalyScore { get; set; }

    /// <summary>Whether the anomaly score reached the configured threshold.</summary>
    public bool IsAnomaly { get; set; }

    /// <summary>Why the entry scored what it did, such as <c>level</c>, <c>new_pattern</c> or <c>latency_outlier</c>.</summary>
    public IReadOnlyList<string> AnomalyReasons { get; set; } = [];

    /// <summary>The pattern the entry belongs to (its id is stable across restarts and instances).</summary>
    public string? PatternId { get; set; }

    /// <summary>The pattern's template, with <c>&lt;*&gt;</c> for the variable parts.</summary>
    public string? Template { get; set; }
}
