using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>
/// The indexes the store creates at start-up: one per query shape, newest first within each; partial where the
/// field is optional, so entries without it cost nothing; a text index; and TTL indexes for retention.
/// </summary>
internal static class MongoIndexes
{
    private static IndexKeysDefinitionBuilder<BsonDocument> Keys => Builders<BsonDocument>.IndexKeys;

    /// <summary>The name of the TTL index on the entries, whose expiry follows <see cref="RetentionOptions.Entries"/>.</summary>
    public const string LogsTtlName = "ts_ttl";

    /// <summary>The name of the TTL index on the minute rollups.</summary>
    public const string MinutesTtlName = "at_ttl";

    /// <summary>The entries' indexes, without the TTL index (see <see cref="LogsTtl"/>).</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Logs() =>
    [
        new(Keys.Descending(MongoFields.Micros).Descending(MongoFields.Id), new CreateIndexOptions { Name = "tus_id" }),
        new(Keys.Ascending(MongoFields.Level).Descending(MongoFields.Micros), new CreateIndexOptions { Name = "level_tus" }),
        Optional(MongoFields.Endpoint, "endpoint_tus"),
        Optional(MongoFields.UserId, "userId_tus"),
        Optional(MongoFields.SessionId, "sessionId_tus"),
        Optional(MongoFields.ErrorCode, "errorCode_tus"),
        Optional(MongoFields.PatternId, "patternId_tus"),
        Optional(MongoFields.City, "city_tus"),
        new(
            Keys.Ascending(MongoFields.IsAnomaly).Descending(MongoFields.Micros),
            new CreateIndexOptions<BsonDocument>
            {
                Name = "anomaly_tus",
                PartialFilterExpression = Builders<BsonDocument>.Filter.Eq(MongoFields.IsAnomaly, true),
            }),

        // No language: no stop words or stemming, so every word of a message can be searched as written.
        new(
            Keys.Text(MongoFields.Message).Text(MongoFields.Exception),
            new CreateIndexOptions { Name = "message_exception_text", DefaultLanguage = "none" }),
    ];

    /// <summary>Deletes entries <paramref name="retention"/> after their timestamp.</summary>
    public static CreateIndexModel<BsonDocument> LogsTtl(TimeSpan retention) =>
        Ttl(MongoFields.Timestamp, LogsTtlName, retention);

    /// <summary>Deletes minute rollups with the entries they count.</summary>
    public static CreateIndexModel<BsonDocument> MinutesTtl(TimeSpan retention) =>
        Ttl(MongoFields.MinuteStart, MinutesTtlName, retention);

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Patterns() =>
    [
        new(
            Keys.Descending(MongoFields.Count).Ascending(MongoFields.Id),
            new CreateIndexOptions<BsonDocument>
            {
                Name = "current_count",
                PartialFilterExpression = Builders<BsonDocument>.Filter.Eq(MongoFields.Merged, false),
            }),
        new(
            Keys.Ascending(MongoFields.MergedInto),
            new CreateIndexOptions<BsonDocument>
            {
                Name = "mergedInto",
                PartialFilterExpression = Builders<BsonDocument>.Filter.Eq(MongoFields.Merged, true),
            }),
    ];

    private static CreateIndexModel<BsonDocument> Optional(string field, string name) => new(
        Keys.Ascending(field).Descending(MongoFields.Micros),
        new CreateIndexOptions<BsonDocument>
        {
            Name = name,
            PartialFilterExpression = Builders<BsonDocument>.Filter.Exists(field),
        });

    private static CreateIndexModel<BsonDocument> Ttl(string field, string name, TimeSpan retention) => new(
        Keys.Ascending(field),
        new CreateIndexOptions { Name = name, ExpireAfter = retention });
}
