using System.Diagnostics;
using LogAnalyzer.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Tests;

/// <summary>An injected fault with real parts: another process's connection holds the SQLite write lock while the app logs.</summary>
public sealed class LockedStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Log_StoreLockedByAnotherConnection_CallsReturnWhileLockedAndCapacityIsStoredWithExactDrops()
    {
        using var folder = new TempDirectory();
        var path = folder.File("logs.db");
        using var engine = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = path } });
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(engine.Pipeline));
        var logger = factory.CreateLogger("Shop.Orders");

        // BEGIN IMMEDIATE elsewhere: the writer's transaction waits for the lock (and would fail and retry after the
        // busy timeout); the app keeps logging meanwhile.
        var locker = new SqliteConnection($"Data Source={path};Pooling=False");
        locker.Open();
        var transaction = locker.BeginTransaction(deferred: false);
        var slowest = 0L;
        for (var i = 0; i < 15_000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            logger.LogInformation("Order {OrderId} placed by {UserId}", i, "user_1");
            slowest = Math.Max(slowest, Stopwatch.GetTimestamp() - started);
        }

        var whileLocked = engine.Pipeline.Stats;
        transaction.Rollback();
        transaction.Dispose();
        locker.Dispose();
        await engine.Pipeline.FlushAsync(Ct);
        var stored = (await engine.Store.QueryAsync(new LogQuery { Limit = 1 }, Ct)).Total;

        // Reported, not asserted: tests never assert time. The calls all returned before the lock was released.
        TestContext.Current.TestOutputHelper?.WriteLine($"slowest of 15,000 logging calls under a locked store: {Stopwatch.GetElapsedTime(0, slowest).TotalMicroseconds:N0} µs");
        Assert.Equal(0, whileLocked.Completed);
        Assert.Equal(5_000, whileLocked.Dropped);
        Assert.Equal(10_000, stored);
        Assert.Equal((10_000L, 5_000L), (engine.Pipeline.Stats.Completed, engine.Pipeline.Stats.Dropped));
    }
}
