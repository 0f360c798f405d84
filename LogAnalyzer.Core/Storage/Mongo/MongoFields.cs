namespace LogAnalyzer.Storage.Mongo;

/// <summary>The collection and field names of the MongoDB store, in one place for the queries, indexes and mapping.</summary>
internal static class MongoFields
{
    public const string LogsCollection = "logs";
    public const string PatternsCollection = "patterns";
    public const string MinutesCollection = "log_minutes";
    public const string CountersCollection = "counters";
    public const string AlertsCollection = "alerts";
    public const string AlertHistoryCollection = "alert_history";
    public const string AnalysesCollection = "pattern_analyses";
    public const string ConversationsCollection = "conversations";

    // Entries. Absent values are left out of the document, so the partial indexes skip them.
    public const string Id = "_id";

    /// <summary>The timestamp in microseconds since the Unix epoch: exact, and what queries filter and sort on.</summary>
    public const string Micros = "tus";

    /// <summary>The timestamp as a BSON date (millisecond precision), for the TTL index.</summary>
    public const string Timestamp = "ts";
    public const string Level = "level";
    public const string Message = "message";
    public const string MessageTemplate = "messageTemplate";
    public const string Endpoint = "endpoint";
    public const string UserId = "userId";
    public const string SessionId = "sessionId";
    public const string City = "city";
    public const string ErrorCode = "errorCode";
    public const string ResponseTime = "responseTime";
    public const string Service = "service";
    public const string TraceId = "traceId";
    public const string SpanId = "spanId";
    public const string Exception = "exception";

    /// <summary>The property bag as one JSON object string, so values read back exactly as they were written.</summary>
    public const string Properties = "properties";
    public const string AnomalyScore = "anomalyScore";
    public const string IsAnomaly = "isAnomaly";
    public const string AnomalyReasons = "anomalyReasons";
    public const string PatternId = "patternId";

    // Patterns (the id is the pattern id).
    public const string Template = "template";
    public const string FirstSeen = "firstSeen";
    public const string LastSeen = "lastSeen";
    public const string Count = "count";
    public const string ByLevel = "byLevel";
    public const string Sample = "sample";
    public const string Merged = "merged";
    public const string MergedInto = "mergedInto";

    // Minute rollups (the id is the minute since the Unix epoch).
    public const string MinuteStart = "at";
    public const string Anomalies = "anomalies";

    // Alerts (the id is the alert id) and their history; the alert itself is its JSON body.
    public const string Fingerprint = "fingerprint";
    public const string Status = "status";
    public const string Severity = "severity";

    /// <summary>Whether the alert is not resolved: the partial unique index on the fingerprint covers open alerts only.</summary>
    public const string Open = "open";
    public const string UpdatedAt = "updatedAt";
    public const string Body = "body";
    public const string AlertId = "alertId";
    public const string At = "at";
    public const string Change = "change";

    // Pattern analyses (the id is the pattern id).
    public const string Source = "source";
    public const string Model = "model";
    public const string Summary = "summary";
    public const string RootCause = "rootCause";
    public const string Explanation = "explanation";
    public const string Category = "category";
    public const string Fixes = "fixes";
    public const string AnalysedAt = "analysedAt";
    public const string PatternCount = "patternCount";
    public const string Failure = "failure";

    // Counters.
    public const string LogIdCounter = "logs";
    public const string Sequence = "seq";

    /// <summary>The field of each level's count in the minute rollups and in a pattern's <see cref="ByLevel"/>.</summary>
    public static string LevelField(LogEntryLevel level) => level switch
    {
        LogEntryLevel.Trace => "trace",
        LogEntryLevel.Debug => "debug",
        LogEntryLevel.Information => "information",
        LogEntryLevel.Warning => "warning",
        LogEntryLevel.Error => "error",
        LogEntryLevel.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a level."),
    };

    public static readonly LogEntryLevel[] Levels =
        [LogEntryLevel.Trace, LogEntryLevel.Debug, LogEntryLevel.Information, LogEntryLevel.Warning, LogEntryLevel.Error, LogEntryLevel.Critical];
}
