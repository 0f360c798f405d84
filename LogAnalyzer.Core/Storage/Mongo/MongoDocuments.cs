using MongoDB.Bson;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>Maps entries and patterns to and from their BSON documents.</summary>
internal static class MongoDocuments
{
    /// <summary>The entry's document without its id (given once the batch's ids are reserved).</summary>
    public static BsonDocument FromEntry(LogEntry entry)
    {
        var document = new BsonDocument
        {
            { MongoFields.Id, BsonNull.Value },
            { MongoFields.Micros, UnixTime.ToMicroseconds(entry.Timestamp) },
            { MongoFields.Timestamp, new BsonDateTime(entry.Timestamp.UtcDateTime) },
            { MongoFields.Level, (int)entry.Level },
            { MongoFields.Message, entry.Message },
        };
        Add(document, MongoFields.MessageTemplate, entry.MessageTemplate);
        Add(document, MongoFields.Endpoint, entry.Endpoint);
        Add(document, MongoFields.UserId, entry.UserId);
        Add(document, MongoFields.SessionId, entry.SessionId);
        Add(document, MongoFields.City, entry.City);
        Add(document, MongoFields.ErrorCode, entry.ErrorCode);
        if (entry.ResponseTime is { } responseTime)
        {
            document.Add(MongoFields.ResponseTime, responseTime);
        }

        Add(document, MongoFields.Service, entry.Service);
        Add(document, MongoFields.TraceId, entry.TraceId);
        Add(document, MongoFields.SpanId, entry.SpanId);
        Add(document, MongoFields.Exception, entry.Exception);
        Add(document, MongoFields.Properties, PropertyJson.Serialize(entry.Properties));
        document.Add(MongoFields.AnomalyScore, entry.AnomalyScore);
        document.Add(MongoFields.IsAnomaly, entry.IsAnomaly);
        if (entry.AnomalyReasons.Count > 0)
        {
            document.Add(MongoFields.AnomalyReasons, new BsonArray(entry.AnomalyReasons));
        }

        Add(document, MongoFields.PatternId, entry.PatternId);
        return document;
    }

    /// <summary>The entry of a document; its pattern id and template are resolved by the caller.</summary>
    public static LogEntry ToEntry(BsonDocument document) => new()
    {
        Id = document[MongoFields.Id].ToInt64(),
        Timestamp = UnixTime.FromMicroseconds(document[MongoFields.Micros].ToInt64()),
        Level = (LogEntryLevel)document[MongoFields.Level].ToInt32(),
        Message = document[MongoFields.Message].AsString,
        MessageTemplate = String(document, MongoFields.MessageTemplate),
        Endpoint = String(document, MongoFields.Endpoint),
        UserId = String(document, MongoFields.UserId),
        SessionId = String(document, MongoFields.SessionId),
        City = String(document, MongoFields.City),
        ErrorCode = String(document, MongoFields.ErrorCode),
        ResponseTime = document.TryGetValue(MongoFields.ResponseTime, out var responseTime) && responseTime.IsNumeric ? responseTime.ToDouble() : null,
        Service = String(document, MongoFields.Service),
        TraceId = String(document, MongoFields.TraceId),
        SpanId = String(document, MongoFields.SpanId),
        Exception = String(document, MongoFields.Exception),
        Properties = PropertyJson.Deserialize(String(document, MongoFields.Properties)),
        AnomalyScore = document.TryGetValue(MongoFields.AnomalyScore, out var score) ? score.ToDouble() : 0,
        IsAnomaly = document.TryGetValue(MongoFields.IsAnomaly, out var anomaly) && anomaly.ToBoolean(),
        AnomalyReasons = document.TryGetValue(MongoFields.AnomalyReasons, out var reasons) && reasons.IsBsonArray
            ? [.. reasons.AsBsonArray.Select(r => r.AsString)]
            : [],
        PatternId = String(document, MongoFields.PatternId),
    };

    public static PatternSummary ToPattern(BsonDocument document)
    {
        var byLevel = new Dictionary<LogEntryLevel, long>();
        if (document.TryGetValue(MongoFields.ByLevel, out var levels) && levels.IsBsonDocument)
        {
            foreach (var level in MongoFields.Levels)
            {
                if (levels.AsBsonDocument.TryGetValue(MongoFields.LevelField(level), out var count) && count.ToInt64() > 0)
                {
                    byLevel[level] = count.ToInt64();
                }
            }
        }

        return new PatternSummary(
            document[MongoFields.Id].AsString,
            document[MongoFields.Template].AsString,
            UnixTime.FromMicroseconds(document[MongoFields.FirstSeen].ToInt64()),
            UnixTime.FromMicroseconds(document[MongoFields.LastSeen].ToInt64()),
            document.TryGetValue(MongoFields.Count, out var total) ? total.ToInt64() : 0,
            byLevel,
            String(document, MongoFields.Sample));
    }

    public static string? String(BsonDocument document, string name) =>
        document.TryGetValue(name, out var value) && value.IsString ? value.AsString : null;

    private static void Add(BsonDocument document, string name, string? value)
    {
        if (value is not null)
        {
            document.Add(name, value);
        }
    }
}
