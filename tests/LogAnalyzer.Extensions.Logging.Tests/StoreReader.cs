using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests;

/// <summary>Reads back what an engine stored.</summary>
internal static class StoreReader
{
    public static async Task<IReadOnlyList<LogEntry>> AllAsync(ILogStore store, int limit = 500)
    {
        var page = await store.QueryAsync(new LogQuery { Limit = limit }, TestContext.Current.CancellationToken);
        return page.Entries;
    }

    public static async Task<long> CountAsync(ILogStore store) =>
        (await store.QueryAsync(new LogQuery { Limit = 1 }, TestContext.Current.CancellationToken)).Total;

    /// <summary>Opens the database again after its engine was disposed, to see what reached the disk.</summary>
    public static async Task<long> CountOnDiskAsync(string path)
    {
        await using var engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = path } }, cancellationToken: TestContext.Current.CancellationToken);
        return await CountAsync(engine.Store);
    }
}
