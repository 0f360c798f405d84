using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>The filters and pipelines of the insight side of the MongoDB store: timelines, trends and charts (rendered by tests).</summary>
internal static class MongoInsightQueries
{
    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    public static FilterDefinition<BsonDocument> Session(string sessionId) => Filter.Eq(MongoFields.SessionId, sessionId);

    /// <summary>The user's entries that belong to a session (for the user's session ids).</summary>
    public static FilterDefinition<BsonDocument> UserInSessions(string userId) =>
        Filter.And(Filter.Eq(MongoFields.UserId, userId), Filter.Exists(MongoFields.SessionId));

    /// <summary>
    /// Per session: first and last entry, entries, failures and the endpoint of the latest entry that has one (the
    /// largest (time, endpoint) pair; entries without an endpoint give null, which sorts below any pair); the most
    /// recently active first.
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> SessionSummaries(IEnumerable<string> sessionIds, int limit) =>
        PipelineDefinition<BsonDocument, BsonDocument>.Create(
            new BsonDocument("$match", new BsonDocument(MongoFields.SessionId, new BsonDocument("$in", new BsonArray(sessionIds)))),
            new BsonDocument("$group", new BsonDocument
            {
                { MongoFields.Id, "$" + MongoFields.SessionId },
                { "first", new BsonDocument("$min", "$" + MongoFields.Micros) },
                { "last", new BsonDocument("$max", "$" + MongoFields.Micros) },
                { "events", new BsonDocument("$sum", 1) },
                { "errors", new BsonDocument("$sum", new BsonDocument("$cond", new BsonArray { new BsonDocument("$gte", new BsonArray { "$" + MongoFields.Level, (int)LogEntryLevel.Error }), 1, 0 })) },
                {
                    "lastEndpoint", new BsonDocument("$max", new BsonDocument("$cond", new BsonArray
                    {
                        new BsonDocument("$ifNull", new BsonArray { "$" + MongoFields.Endpoint, false }),
                        new BsonDocument { { "t", "$" + MongoFields.Micros }, { "e", "$" + MongoFields.Endpoint } },
                        BsonNull.Value,
                    }))
                },
            }),
            new BsonDocument("$sort", new BsonDocument { { "last", -1 }, { MongoFields.Id, 1 } }),
            new BsonDocument("$limit", limit));

    /// <summary>
    /// Warning and higher entries per stored pattern id over the period and the one before it: entries in the period and
    /// before it, the period's anomaly score sum and highest level. Bounds are in microseconds, taken to the minute.
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> Trending(long previousFrom, long from, long to)
    {
        BsonDocument InPeriod(BsonValue then, BsonValue otherwise) =>
            new("$cond", new BsonArray { new BsonDocument("$gte", new BsonArray { "$" + MongoFields.Micros, from }), then, otherwise });

        return PipelineDefinition<BsonDocument, BsonDocument>.Create(
            new BsonDocument("$match", new BsonDocument
            {
                { MongoFields.Level, new BsonDocument("$gte", (int)LogEntryLevel.Warning) },
                { MongoFields.Micros, new BsonDocument { { "$gte", previousFrom }, { "$lt", to } } },
                { MongoFields.PatternId, new BsonDocument("$exists", true) },
            }),
            new BsonDocument("$group", new BsonDocument
            {
                { MongoFields.Id, "$" + MongoFields.PatternId },
                { "n", new BsonDocument("$sum", InPeriod(1, 0)) },
                { "previous", new BsonDocument("$sum", InPeriod(0, 1)) },
                { "score", new BsonDocument("$sum", InPeriod("$" + MongoFields.AnomalyScore, 0)) },
                { "top", new BsonDocument("$max", InPeriod("$" + MongoFields.Level, BsonNull.Value)) },
            }));
    }

    /// <summary>Entries, failures and warnings per bucket of <paramref name="size"/> minutes from the minute rollups, bucket 0 starting at minute <paramref name="first"/>.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> Buckets(long first, long end, long size)
    {
        BsonValue Field(LogEntryLevel level) => "$" + MongoFields.LevelField(level);
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(
            new BsonDocument("$match", new BsonDocument(MongoFields.Id, new BsonDocument { { "$gte", first }, { "$lt", end } })),
            new BsonDocument("$group", new BsonDocument
            {
                { MongoFields.Id, new BsonDocument("$floor", new BsonDocument("$divide", new BsonArray { new BsonDocument("$subtract", new BsonArray { "$" + MongoFields.Id, first }), size })) },
                { "total", new BsonDocument("$sum", new BsonDocument("$add", new BsonArray(MongoFields.Levels.Select(Field)))) },
                { "errors", new BsonDocument("$sum", new BsonDocument("$add", new BsonArray { Field(LogEntryLevel.Error), Field(LogEntryLevel.Critical) })) },
                { "warnings", new BsonDocument("$sum", Field(LogEntryLevel.Warning)) },
            }));
    }

    public static FilterDefinition<BsonDocument> Conversation(string id, DateTimeOffset notBefore) =>
        Filter.And(Filter.Eq(MongoFields.Id, id), Filter.Gte(MongoFields.UpdatedAt, UnixTime.ToMicroseconds(notBefore)));

    public static FilterDefinition<BsonDocument> ConversationsBefore(DateTimeOffset expiredBefore) =>
        Filter.Lt(MongoFields.UpdatedAt, UnixTime.ToMicroseconds(expiredBefore));

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> ConversationIndexes() =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending(MongoFields.UpdatedAt), new CreateIndexOptions { Name = "updatedAt" }),
    ];
}
