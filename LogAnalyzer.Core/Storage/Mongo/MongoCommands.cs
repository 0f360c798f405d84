using MongoDB.Bson;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>The database commands the store runs beside CRUD, built here so that tests can assert them.</summary>
internal static class MongoCommands
{
    /// <summary>Tells whether the server is a replica set member or a mongos (and so supports transactions).</summary>
    public static BsonDocument Hello { get; } = new("hello", 1);

    /// <summary>The health check's round trip.</summary>
    public static BsonDocument Ping { get; } = new("ping", 1);

    /// <summary>Changes the expiry of the TTL index <paramref name="index"/> of <paramref name="collection"/> in place.</summary>
    public static BsonDocument SetExpiry(string collection, string index, long expireAfterSeconds) => new()
    {
        { "collMod", collection },
        { "index", new BsonDocument { { "name", index }, { "expireAfterSeconds", expireAfterSeconds } } },
    };

    /// <summary>Whether a <see cref="Hello"/> reply comes from a deployment with transactions.</summary>
    public static bool SupportsTransactions(BsonDocument hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        return hello.Contains("setName") || (hello.TryGetValue("msg", out var msg) && msg == "isdbgrid");
    }
}
