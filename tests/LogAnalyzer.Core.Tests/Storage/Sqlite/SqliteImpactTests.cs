using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Storage.Sqlite;

/// <summary>The impact contract on a real SQLite file.</summary>
public sealed class SqliteImpactTests : ImpactStoreContractTests
{
    private readonly TempDirectory _folder = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    protected override Task<ILogStore> CreateStoreAsync() =>
        Task.FromResult<ILogStore>(new SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("logs.db") } })));
}
