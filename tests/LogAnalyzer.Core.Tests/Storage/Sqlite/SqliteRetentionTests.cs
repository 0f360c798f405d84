using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Storage.Sqlite;

public sealed class SqliteRetentionTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly SqliteLogStore _store;

    public SqliteRetentionTests() =>
        _store = new SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("logs.db") } }));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task DeleteEntriesBeforeAsync_OldAndNewEntries_DeletesOldOnesInBatchesWithTheirIndexAndRollups()
    {
        await _store.InitializeAsync(Ct);
        // 250 old entries over three minutes (errors among them, with a pattern), then 50 an hour later.
        var old = Enumerable.Range(0, 250).Select(i => Entry($"expired checkout failure {i}", i % 5 == 0 ? LogEntryLevel.Error : LogEntryLevel.Information, seconds: i * 180 / 250)).ToList();
        var kept = Enumerable.Range(0, 50).Select(i => Entry($"fresh payment success {i}", i % 10 == 0 ? LogEntryLevel.Error : LogEntryLevel.Information, seconds: 3600 + i)).ToList();
        await _store.AppendAsync(old, Ct);
        await _store.AppendAsync(kept, Ct);

        var batches = new List<int>();
        int deleted;
        do
        {
            deleted = await _store.DeleteEntriesBeforeAsync(Entries.Start.AddMinutes(30), limit: 100, Ct);
            batches.Add(deleted);
        }
        while (deleted == 100);

        Assert.Equal([100, 100, 50], batches);
        Assert.Equal(50, (await _store.QueryAsync(new LogQuery(), Ct)).Total);
        Assert.Equal(0, (await _store.QueryAsync(new LogQuery { Text = "expired" }, Ct)).Total);
        Assert.Equal(50, (await _store.QueryAsync(new LogQuery { Text = "fresh" }, Ct)).Total);
        var stats = await _store.GetStatsAsync(10, Ct);
        Assert.Equal(50, stats.Total);
        Assert.Equal(5, stats.ByLevel[LogEntryLevel.Error]);
        Assert.Equal(45, stats.ByLevel[LogEntryLevel.Information]);
        Assert.Equal(("ok", 0L, 0L), Check(_folder.File("logs.db")));
    }

    [Fact]
    public async Task DeleteEntriesBeforeAsync_CutoffInsideAMinute_KeepsThatWholeMinuteAndItsRollup()
    {
        await _store.InitializeAsync(Ct);
        await _store.AppendAsync([Entry("early in the minute", LogEntryLevel.Error, seconds: 5), Entry("late in the minute", LogEntryLevel.Error, seconds: 55)], Ct);

        var deleted = await _store.DeleteEntriesBeforeAsync(Entries.Start.AddSeconds(30), limit: 100, Ct);

        Assert.Equal(0, deleted);
        Assert.Equal(2, (await _store.GetStatsAsync(10, Ct)).Total);
    }

    private static LogEntry Entry(string message, LogEntryLevel level, int seconds)
    {
        var entry = Entries.Info(message, seconds);
        entry.Level = level;
        entry.PatternId = level == LogEntryLevel.Error ? "p1" : null;
        entry.Template = level == LogEntryLevel.Error ? "<*> failure <*>" : null;
        return entry;
    }

    /// <summary>SQLite's and FTS5's integrity checks, and the rollup rows left for minutes without entries.</summary>
    private static (string Integrity, long FtsProblems, long OrphanMinutes) Check(string path)
    {
        var (integrity, fts) = SqliteIntegrity.Check(path);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT (SELECT COUNT(*) FROM log_minutes m WHERE NOT EXISTS (SELECT 1 FROM logs l WHERE l.ts / 60000000 = m.minute))
                 + (SELECT COUNT(*) FROM pattern_minutes m WHERE NOT EXISTS (SELECT 1 FROM logs l WHERE l.ts / 60000000 = m.minute));
            """;
        return (integrity, fts ? 0 : 1, (long)command.ExecuteScalar()!);
    }
}
