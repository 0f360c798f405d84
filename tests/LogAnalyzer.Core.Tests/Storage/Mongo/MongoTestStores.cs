using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Mongo;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>MongoDB stores, each over a database of its own on <see cref="MongoTestServer"/>, dropped afterwards.</summary>
internal sealed class MongoTestStores : TestStores
{
    public override async Task<ILogStore> CreateAsync(CancellationToken cancellationToken) => await MongoTestServer.CreateStoreAsync(cancellationToken);

    public override async ValueTask DisposeStoreAsync(ILogStore store) => await MongoTestServer.DropAsync((MongoLogStore)store);
}
