using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Storage.Sqlite;

/// <summary>SQLite stores on a file in a temp folder of their own.</summary>
internal sealed class SqliteTestStores : TestStores
{
    public TempDirectory Folder { get; } = new();

    /// <summary>The database file the contract's store uses.</summary>
    public string Path => Folder.File("logs.db");

    public static SqliteLogStore Create(string path) => new(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = path } }));

    public override Task<ILogStore> CreateAsync(CancellationToken cancellationToken) => Task.FromResult<ILogStore>(Create(Path));

    public override void Dispose()
    {
        Folder.Dispose();
        base.Dispose();
    }
}
