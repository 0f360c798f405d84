using LogAnalyzer.Storage.Mongo;
using MongoDB.Bson;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The index definitions the MongoDB store creates at start-up, rendered without a server.</summary>
public sealed class MongoIndexesTests
{
    [Fact]
    public void Logs_EveryQueryShape_HasAnIndexNewestFirst() =>
        Assert.Equal(
            [
                """{ "key" : { "tus" : -1, "_id" : -1 }, "name" : "tus_id" }""",
                """{ "key" : { "level" : 1, "tus" : -1 }, "name" : "level_tus" }""",
                """{ "key" : { "endpoint" : 1, "tus" : -1 }, "name" : "endpoint_tus", "partialFilterExpression" : { "endpoint" : { "$exists" : true } } }""",
                """{ "key" : { "userId" : 1, "tus" : -1 }, "name" : "userId_tus", "partialFilterExpression" : { "userId" : { "$exists" : true } } }""",
                """{ "key" : { "sessionId" : 1, "tus" : -1 }, "name" : "sessionId_tus", "partialFilterExpression" : { "sessionId" : { "$exists" : true } } }""",
                """{ "key" : { "errorCode" : 1, "tus" : -1 }, "name" : "errorCode_tus", "partialFilterExpression" : { "errorCode" : { "$exists" : true } } }""",
                """{ "key" : { "patternId" : 1, "tus" : -1 }, "name" : "patternId_tus", "partialFilterExpression" : { "patternId" : { "$exists" : true } } }""",
                """{ "key" : { "city" : 1, "tus" : -1 }, "name" : "city_tus", "partialFilterExpression" : { "city" : { "$exists" : true } } }""",
                """{ "key" : { "isAnomaly" : 1, "tus" : -1 }, "name" : "anomaly_tus", "partialFilterExpression" : { "isAnomaly" : true } }""",
                """{ "key" : { "message" : "text", "exception" : "text" }, "name" : "message_exception_text", "default_language" : "none" }""",
            ],
            MongoIndexes.Logs().Select(MongoRender.Of));

    [Fact]
    public void LogsTtl_Retention_ExpiresEntriesThatLongAfterTheirTimestamp()
    {
        Assert.Equal("""{ "key" : { "ts" : 1 }, "name" : "ts_ttl", "expireAfterSeconds" : 604800 }""", MongoRender.Of(MongoIndexes.LogsTtl(TimeSpan.FromDays(7))));
        Assert.Equal("""{ "key" : { "at" : 1 }, "name" : "at_ttl", "expireAfterSeconds" : 5400 }""", MongoRender.Of(MongoIndexes.MinutesTtl(TimeSpan.FromMinutes(90))));
    }

    [Fact]
    public void Patterns_ListAndMergeLookups_HavePartialIndexes() =>
        Assert.Equal(
            [
                """{ "key" : { "count" : -1, "_id" : 1 }, "name" : "current_count", "partialFilterExpression" : { "merged" : false } }""",
                """{ "key" : { "mergedInto" : 1 }, "name" : "mergedInto", "partialFilterExpression" : { "merged" : true } }""",
            ],
            MongoIndexes.Patterns().Select(MongoRender.Of));

    [Fact]
    public void SetExpiry_RetentionChanged_ChangesTheTtlIndexInPlace() =>
        Assert.Equal(
            """{ "collMod" : "logs", "index" : { "name" : "ts_ttl", "expireAfterSeconds" : 259200 } }""",
            MongoCommands.SetExpiry("logs", "ts_ttl", 259200).ToJson());

    [Theory]
    [InlineData("""{ "isWritablePrimary" : true, "setName" : "rs0" }""", true)]
    [InlineData("""{ "isWritablePrimary" : true, "msg" : "isdbgrid" }""", true)]
    [InlineData("""{ "isWritablePrimary" : true }""", false)]
    public void SupportsTransactions_HelloReply_TrueForReplicaSetsAndMongos(string hello, bool expected) =>
        Assert.Equal(expected, MongoCommands.SupportsTransactions(BsonDocument.Parse(hello)));
}
