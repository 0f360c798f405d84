using LogAnalyzer.Storage.Mongo;
using MongoDB.Driver;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>
/// The MongoDB server the store tests run against: <c>LOGANALYZER_TEST_MONGODB_URI</c>, when set. Each store gets a
/// database of its own, dropped after the test. Without the variable the tests report skipped.
/// </summary>
internal static class MongoTestServer
{
    public const string UriVariable = "LOGANALYZER_TEST_MONGODB_URI";

    public static string? Uri => Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri ? uri : null;

    /// <summary>A new store over a new database; skips the test when no server is configured or it has no transactions.</summary>
    public static async Task<MongoLogStore> CreateStoreAsync(CancellationToken cancellationToken)
    {
        Assert.SkipWhen(Uri is null, $"{UriVariable} is not set: set it to a MongoDB replica set (a single-node one is enough), such as mongodb://localhost:27017/?replicaSet=rs0, to run the MongoDB store tests.");
        var settings = MongoLogStore.Settings(new MongoDbStoreOptions { ConnectionString = Uri, MinPoolSize = 0 });
        var store = new MongoLogStore(new MongoClient(settings), $"loganalyzer_test_{Guid.NewGuid():N}", retention: TimeSpan.FromDays(7), ownsClient: true);
        await store.InitializeAsync(cancellationToken);
        if (!store.UsesTransactions)
        {
            await DropAsync(store);
            Assert.Skip($"{UriVariable} names a standalone server: the store's batches are atomic only on a replica set (start mongod with --replSet rs0 and run rs.initiate()).");
        }

        return store;
    }

    /// <summary>Drops the store's database and closes its client.</summary>
    public static async Task DropAsync(MongoLogStore store)
    {
        await store.Client.DropDatabaseAsync(store.Database.DatabaseNamespace.DatabaseName, CancellationToken.None);
        store.Dispose();
    }
}
