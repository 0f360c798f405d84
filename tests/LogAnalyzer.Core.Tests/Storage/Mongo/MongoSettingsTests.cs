using LogAnalyzer.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace LogAnalyzer.Tests.Storage.Mongo;

public sealed class MongoSettingsTests
{
    [Fact]
    public void Settings_Defaults_UseTheSeedsPoolAndTimeouts()
    {
        var settings = MongoLogStore.Settings(new MongoDbStoreOptions { ConnectionString = "mongodb://db1:27017" });

        Assert.Equal(50, settings.MaxConnectionPoolSize);
        Assert.Equal(10, settings.MinConnectionPoolSize);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ServerSelectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.SocketTimeout);
        Assert.Equal("db1", Assert.Single(settings.Servers).Host);
        Assert.Equal("LogAnalyzer", settings.ApplicationName);
    }

    [Fact]
    public void Settings_ConfiguredPool_OverridesTheConnectionString()
    {
        var settings = MongoLogStore.Settings(new MongoDbStoreOptions
        {
            ConnectionString = "mongodb://db1:27017/?maxPoolSize=7&appName=shop",
            MaxPoolSize = 20,
            MinPoolSize = 2,
            ServerSelectionTimeout = TimeSpan.FromSeconds(1),
            SocketTimeout = TimeSpan.FromSeconds(9),
        });

        Assert.Equal(20, settings.MaxConnectionPoolSize);
        Assert.Equal(2, settings.MinConnectionPoolSize);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ServerSelectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), settings.SocketTimeout);
        Assert.Equal("shop", settings.ApplicationName);
    }

    [Fact]
    public void Settings_TextWithHalfASurrogatePair_IsWrittenWithAReplacementCharacter()
    {
        var settings = MongoLogStore.Settings(new MongoDbStoreOptions { ConnectionString = "mongodb://db1:27017" });
        var entry = new BsonDocument("message", "Order 7 for caf\uD83D");

        var bytes = entry.ToBson(writerSettings: new BsonBinaryWriterSettings { Encoding = settings.WriteEncoding });
        using var reader = new BsonBinaryReader(new MemoryStream(bytes), new BsonBinaryReaderSettings { Encoding = settings.ReadEncoding });
        var read = BsonSerializer.Deserialize<BsonDocument>(reader);

        Assert.Equal("Order 7 for caf\uFFFD", read["message"].AsString);
    }
}
