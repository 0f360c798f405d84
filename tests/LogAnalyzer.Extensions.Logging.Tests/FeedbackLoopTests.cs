using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests;

public sealed class FeedbackLoopTests
{
    [Fact]
    public async Task Log_ByTheStoreWhileTheWriterWrites_IsNotIngestedAgain()
    {
        using var folder = new TempDirectory();
        var options = Options.Create(new LogAnalyzerOptions { Sqlite = { Path = folder.File("loop.db") } });
        using var sqlite = new SqliteLogStore(options);
        var store = new LoggingStore(sqlite);
        using var metrics = new LogAnalyzerMetrics();
        await using var pipeline = new LogPipeline(store, options, TimeProvider.System, metrics, NullLogger<LogPipeline>.Instance);
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(pipeline));
        // An app category: only the writer's suppression scope keeps this from looping.
        store.Logger = factory.CreateLogger("Shop.Database");
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        pipeline.Start();

        factory.CreateLogger("Shop").LogInformation("one event");
        await pipeline.FlushAsync(TestContext.Current.CancellationToken);
        await pipeline.FlushAsync(TestContext.Current.CancellationToken);

        Assert.True(store.Logged >= 1, "the store logged while writing");
        Assert.Equal(1, pipeline.Stats.Completed);
        Assert.Equal(1, (await sqlite.QueryAsync(new LogQuery(), TestContext.Current.CancellationToken)).Total);
    }

    /// <summary>A store that logs on every write, as a database driver or an LLM client might.</summary>
    private sealed class LoggingStore(ILogStore inner) : ILogStore
    {
        public ILogger Logger { get; set; } = NullLogger.Instance;

        public int Logged;

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public async Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Interlocked.Increment(ref Logged);
            Logger.LogInformation("Wrote {Count} entries", entries.Count);
            await inner.AppendAsync(entries, cancellationToken);
        }

        public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public Task<LogEntry?> GetAsync(long id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<LogStats> GetStatsAsync(int recentErrors, CancellationToken cancellationToken) => inner.GetStatsAsync(recentErrors, cancellationToken);
    }
}
