using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Mongo;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The insight contract against a real MongoDB (<c>LOGANALYZER_TEST_MONGODB_URI</c>); skipped without one.</summary>
public sealed class MongoInsightTests : InsightStoreContractTests
{
    private MongoLogStore? _store;

    public override async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await MongoTestServer.DropAsync(_store);
        }

        await base.DisposeAsync();
    }

    protected override async Task<ILogStore> CreateStoreAsync()
    {
        _store = await MongoTestServer.CreateStoreAsync(Ct);
        return _store;
    }
}
