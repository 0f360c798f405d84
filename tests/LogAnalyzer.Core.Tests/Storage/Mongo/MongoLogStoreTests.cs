using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Mongo;
using MongoDB.Driver;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The store contract against a real MongoDB (<c>LOGANALYZER_TEST_MONGODB_URI</c>); skipped without one.</summary>
public sealed class MongoLogStoreTests() : LogStoreContractTests(new MongoTestStores())
{
    private MongoLogStore Mongo => (MongoLogStore)Store;

    [Fact]
    public async Task InitializeAsync_SecondTime_KeepsEntriesAndIndexes()
    {
        await Store.AppendAsync(Entries.Many(3), Ct);

        await Store.InitializeAsync(Ct);

        Assert.Equal(3, (await Store.QueryAsync(new LogQuery(), Ct)).Total);
        var indexes = await (await Mongo.Database.GetCollection<MongoDB.Bson.BsonDocument>(MongoFields.LogsCollection).Indexes.ListAsync(Ct)).ToListAsync(Ct);
        Assert.Equal(
            ["_id_", "anomaly_tus", "city_tus", "endpoint_tus", "errorCode_tus", "level_tus", "message_exception_text", "patternId_tus", "sessionId_tus", "ts_ttl", "tus_id", "userId_tus"],
            indexes.Select(i => i["name"].AsString).Order(StringComparer.Ordinal));
    }
}
