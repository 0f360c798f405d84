using System.Diagnostics.Metrics;
using LogAnalyzer.Analysis;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Patterns;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace LogAnalyzer.Tests.Pipeline;

public sealed partial class LogPipelineTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly FakeTimeProvider _time = new(Entries.Start);
    private readonly LogAnalyzerMetrics _metrics = new();
    private readonly List<LogPipeline> _pipelines = [];
    private SqliteLogStore _sqlite = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sqlite = new SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("logs.db") } }));
        await _sqlite.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pipeline in _pipelines)
        {
            var stopping = pipeline.StopAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(10));
            await stopping;
        }

        _sqlite.Dispose();
        _metrics.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task TryEnqueue_BatchSizeReached_WritesWithoutWaitingForTheInterval()
    {
        var store = new RecordingStore(_sqlite);
        var pipeline = Start(store, o => o.BatchSize = 3);

        pipeline.TryEnqueue(Entries.Info("a"));
        await Eventually.True(() => pipeline.InHand == 1, "the writer took the first entry");
        pipeline.TryEnqueue(Entries.Info("b"));
        pipeline.TryEnqueue(Entries.Info("c"));

        await Eventually.True(() => !store.Batches.IsEmpty, "a batch was written");
        Assert.Equal(3, store.Batches.First());
    }

    [Fact]
    public async Task TryEnqueue_BelowBatchSize_WritesWhenTheFlushIntervalPasses()
    {
        var store = new RecordingStore(_sqlite);
        var pipeline = Start(store, o => (o.BatchSize, o.FlushInterval) = (100, TimeSpan.FromSeconds(1)));

        for (var i = 0; i < 5; i++)
        {
            pipeline.TryEnqueue(Entries.Info($"early {i}"));
        }

        await Eventually.True(() => pipeline.InHand == 5, "the writer took the first entries");
        for (var i = 0; i < 5; i++)
        {
            pipeline.TryEnqueue(Entries.Info($"late {i}"));
        }

        await Eventually.True(() => pipeline.InHand == 10, "the writer took the later entries");
        Assert.Empty(store.Batches);

        await Eventually.True(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(250));
                return !store.Batches.IsEmpty;
            },
            "the flush interval passed and a batch was written");
        Assert.Equal(10, store.Batches.First());
    }

    [Fact]
    public async Task TryEnqueue_QueueFull_DropsAndCountsWithoutBlocking()
    {
        var store = new RecordingStore(_sqlite);
        store.Close();
        var pipeline = Start(store, o => (o.Capacity, o.BatchSize) = (5, 1));
        long droppedMetric = 0;
        using var listener = ListenToDrops((value, _) => Interlocked.Add(ref droppedMetric, value));
        pipeline.TryEnqueue(Entries.Info("in flight"));
        await Eventually.True(() => store.Appending == 1, "the writer is blocked in the store");

        // The entry being written keeps its place until stored: four more fit.
        var accepted = Enumerable.Range(0, 7).Select(i => pipeline.TryEnqueue(Entries.Info($"queued {i}"))).ToList();

        Assert.Equal([true, true, true, true, false, false, false], accepted);
        Assert.Equal(3, pipeline.Stats.Dropped);
        Assert.Equal(1, pipeline.Stats.Active);
        Assert.Equal(3, Interlocked.Read(ref droppedMetric));

        store.Release();
        await pipeline.FlushAsync(Ct);
        Assert.Equal(5, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task EnqueueAsync_QueueStaysFull_ReturnsQueueFullAfterTimeoutAndStoresNothingOfIt()
    {
        var store = new RecordingStore(_sqlite);
        store.Close();
        var pipeline = Start(store, o => (o.Capacity, o.BatchSize, o.EnqueueTimeout) = (10, 1, TimeSpan.FromSeconds(2)));
        pipeline.TryEnqueue(Entries.Info("in flight"));
        await Eventually.True(() => store.Appending == 1, "the writer is blocked in the store");
        for (var i = 0; i < 8; i++)
        {
            Assert.True(pipeline.TryEnqueue(Entries.Info($"queued {i}")));
        }

        // Three entries do not fit in the one free place: the unit is refused whole.
        var waiting = pipeline.EnqueueAsync(Entries.Many(3, "unit"), Ct);
        Assert.False(waiting.IsCompleted);
        await Eventually.True(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(500));
                return waiting.IsCompleted;
            },
            "the enqueue timeout passed");

        Assert.Equal(EnqueueResult.QueueFull, await waiting);
        store.Release();
        await pipeline.FlushAsync(Ct);
        Assert.Equal(0, (await _sqlite.QueryAsync(new LogQuery { Text = "unit" }, Ct)).Total);
    }

    [Fact]
    public async Task EnqueueAsync_RoomFreesWhileWaiting_CommitsAndAssignsIds()
    {
        var store = new RecordingStore(_sqlite);
        store.Close();
        var pipeline = Start(store, o => (o.Capacity, o.BatchSize) = (4, 1));
        pipeline.TryEnqueue(Entries.Info("in flight"));
        await Eventually.True(() => store.Appending == 1, "the writer is blocked in the store");
        for (var i = 0; i < 3; i++)
        {
            Assert.True(pipeline.TryEnqueue(Entries.Info($"queued {i}")));
        }

        var unit = Entries.Many(2, "unit");
        var waiting = pipeline.EnqueueAsync(unit, Ct);
        store.Release();

        Assert.Equal(EnqueueResult.Committed, await waiting);
        Assert.All(unit, e => Assert.True(e.Id > 0));
        Assert.Equal(2, (await _sqlite.QueryAsync(new LogQuery { Text = "unit" }, Ct)).Total);
        Assert.Equal(0, pipeline.Stats.Dropped);
    }

    [Fact]
    public async Task EnqueueAsync_Acknowledged_IsCommittedBeforeItReturns()
    {
        var pipeline = Start(_sqlite, o => (o.BatchSize, o.FlushInterval) = (1000, TimeSpan.FromHours(1)));

        var result = await pipeline.EnqueueAsync(Entries.Many(3), Ct);

        Assert.Equal(EnqueueResult.Committed, result);
        Assert.Equal(3, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task FlushAsync_EntriesBelowBatchSize_CommitsThemWithoutWaitingForTheInterval()
    {
        var pipeline = Start(_sqlite, o => (o.BatchSize, o.FlushInterval) = (1000, TimeSpan.FromHours(1)));
        for (var i = 0; i < 10; i++)
        {
            pipeline.TryEnqueue(Entries.Info($"e{i}"));
        }

        await pipeline.FlushAsync(Ct);

        Assert.Equal(10, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
        Assert.Equal(10, pipeline.Stats.Completed);
    }

    [Fact]
    public async Task TryEnqueue_ArrivingWhileAWriteRuns_AnalysedOnceEachMeanwhileAndCommittedTogether()
    {
        var store = new RecordingStore(_sqlite);
        store.Close();
        var analyzer = new RecordingAnalyzer(_time);
        var analysed = analyzer.Analysed;
        var pipeline = Start(store, o => (o.BatchSize, o.MaxBatchSize, o.Capacity) = (1, 1000, 1000), analyzer);
        pipeline.TryEnqueue(Entries.Info("in flight"));
        await Eventually.True(() => store.Appending == 1, "the writer is blocked in the store");

        for (var i = 0; i < 300; i++)
        {
            pipeline.TryEnqueue(Entries.Info($"e{i}"));
        }

        await Eventually.True(() => analysed.Count == 301, "the next batch is analysed while the first is written");
        store.Release();
        await pipeline.FlushAsync(Ct);

        Assert.Equal(301, analysed.Distinct().Count());
        Assert.Equal([1, 300], store.Batches);
    }

    [Fact]
    public async Task TryEnqueue_CapturedEventFailsToRender_IsStoredAsAWarningNotLost()
    {
        var materializer = Substitute.For<IEntryMaterializer>();
        materializer.Materialize(Arg.Any<object>(), Arg.Any<LogEntryLimits>()).Throws(new InvalidOperationException("bad state"));
        var pipeline = Start(_sqlite, _ => { });

        Assert.True(pipeline.TryEnqueue(new object(), materializer));
        await pipeline.FlushAsync(Ct);

        var entry = Assert.Single((await _sqlite.QueryAsync(new LogQuery(), Ct)).Entries);
        Assert.Equal(LogEntryLevel.Warning, entry.Level);
        Assert.Equal("LogAnalyzer could not render a log event: System.InvalidOperationException: bad state", entry.Message);
        Assert.Equal(1, pipeline.Stats.Completed);
    }

    [Fact]
    public async Task TryEnqueue_ManyWaitingWhileStoreBusy_CommitsThemTogetherUpToMaxBatchSize()
    {
        var store = new RecordingStore(_sqlite);
        store.Close();
        var pipeline = Start(store, o => (o.BatchSize, o.MaxBatchSize, o.Capacity) = (1, 200, 1000));
        pipeline.TryEnqueue(Entries.Info("in flight"));
        await Eventually.True(() => store.Appending == 1, "the writer is blocked in the store");
        for (var i = 0; i < 500; i++)
        {
            pipeline.TryEnqueue(Entries.Info($"e{i}"));
        }

        store.Release();
        await pipeline.FlushAsync(Ct);

        Assert.Equal(501, store.Batches.Sum());
        Assert.All(store.Batches, size => Assert.InRange(size, 1, 200));
        Assert.Contains(200, store.Batches);
    }

    [Fact]
    public async Task StopAsync_QueuedEntries_DrainsEverything()
    {
        var pipeline = Start(_sqlite, o => (o.BatchSize, o.FlushInterval, o.Capacity) = (50, TimeSpan.FromHours(1), 2000));
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(pipeline.TryEnqueue(Entries.Info($"e{i}")));
        }

        await pipeline.StopAsync(Ct);

        Assert.Equal(1000, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
        Assert.Equal(0, pipeline.Stats.Dropped);
        Assert.Equal(1000, pipeline.Stats.Completed);
    }

    [Fact]
    public async Task StopAsync_StoreKeepsFailing_GivesUpAtShutdownTimeoutAndCountsTheRestAsDropped()
    {
        var store = Substitute.For<ILogStore>();
        store.AppendAsync(Arg.Any<IReadOnlyList<LogEntry>>(), Arg.Any<CancellationToken>()).ThrowsAsync(new IOException("disk unplugged"));
        var pipeline = Start(store, o => (o.BatchSize, o.ShutdownTimeout) = (1, TimeSpan.FromSeconds(5)));
        for (var i = 0; i < 10; i++)
        {
            pipeline.TryEnqueue(Entries.Info($"e{i}"));
        }

        var unit = pipeline.EnqueueAsync(Entries.Many(2), Ct);
        await Eventually.True(() => pipeline.Stats.Failed > 0, "a write failed");

        var stopping = pipeline.StopAsync(Ct);
        await Eventually.True(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return stopping.IsCompleted;
            },
            "shutdown gave up");
        await stopping;

        Assert.Equal(EnqueueResult.Abandoned, await unit);
        Assert.Equal(12, pipeline.Stats.Dropped);
        Assert.False(pipeline.TryEnqueue(Entries.Info("after stop")));
        Assert.Equal(13, pipeline.Stats.Dropped);
        Assert.Equal(EnqueueResult.Stopped, await pipeline.EnqueueAsync(Entries.Many(1), Ct));
    }

    [Fact]
    public async Task EnqueueAsync_StoreFailsThreeTimes_RetriesWithBackoffAndStoresEachEntryOnce()
    {
        var failures = 0;
        var store = Substitute.For<ILogStore>();
        store.AppendAsync(Arg.Any<IReadOnlyList<LogEntry>>(), Arg.Any<CancellationToken>()).Returns(call =>
            Interlocked.Increment(ref failures) <= 3
                ? Task.FromException(new IOException("database is locked"))
                : _sqlite.AppendAsync(call.Arg<IReadOnlyList<LogEntry>>(), call.Arg<CancellationToken>()));
        var pipeline = Start(store, o => o.RetryBaseDelay = TimeSpan.FromSeconds(1));

        var unit = pipeline.EnqueueAsync(Entries.Many(20), Ct);
        await Eventually.True(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return unit.IsCompleted;
            },
            "the retries succeeded");

        Assert.Equal(EnqueueResult.Committed, await unit);
        Assert.Equal(3, pipeline.Stats.Failed);
        Assert.Equal(20, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task TryEnqueue_BeforeStart_IsWrittenOnceStarted()
    {
        var pipeline = Create(_sqlite, _ => { });
        Assert.True(pipeline.TryEnqueue(Entries.Info("early")));

        pipeline.Start();
        await pipeline.FlushAsync(Ct);

        Assert.Equal(1, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task EnqueueAsync_AnalyzerThrows_StoresTheEntriesAnyway()
    {
        var analyzer = Substitute.For<IEntryAnalyzer>();
        analyzer.When(a => a.Analyze(Arg.Any<IReadOnlyList<LogEntry>>(), Arg.Any<int>(), Arg.Any<List<PatternMerge>>())).Throw(new InvalidOperationException("bug"));
        var pipeline = Start(_sqlite, _ => { }, analyzer);

        Assert.Equal(EnqueueResult.Committed, await pipeline.EnqueueAsync(Entries.Many(3), Ct));

        Assert.Equal(3, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task EnqueueAsync_WriteRetried_AnalysesTheBatchOnceAndStoresItsMergesFirst()
    {
        // The SQLite store, failing its first two appends.
        var failures = 0;
        var store = Substitute.For<ILogStore, IPatternStore>();
        store.AppendAsync(Arg.Any<IReadOnlyList<LogEntry>>(), Arg.Any<CancellationToken>()).Returns(call =>
            Interlocked.Increment(ref failures) <= 2
                ? Task.FromException(new IOException("busy"))
                : _sqlite.AppendAsync(call.Arg<IReadOnlyList<LogEntry>>(), call.Arg<CancellationToken>()));
        ((IPatternStore)store).RecordMergesAsync(Arg.Any<IReadOnlyList<PatternMerge>>(), Arg.Any<CancellationToken>())
            .Returns(call => ((IPatternStore)_sqlite).RecordMergesAsync(call.Arg<IReadOnlyList<PatternMerge>>(), call.Arg<CancellationToken>()));
        var analyzer = new RecordingAnalyzer(_time);
        var pipeline = Start(store, o => o.RetryBaseDelay = TimeSpan.FromSeconds(1), analyzer);
        // The fourth user name makes the miner generalise the three patterns before it into one.
        var logins = new[] { "webmaster", "admin", "test", "oracle" }.Select(u => Entries.Info($"Invalid user {u} from 10.0.0.1")).ToList();
        var generalised = PatternId.For("Invalid user <*> from <*>");

        var unit = pipeline.EnqueueAsync(logins, Ct);
        await Eventually.True(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return unit.IsCompleted;
            },
            "the retries succeeded");

        Assert.Equal(EnqueueResult.Committed, await unit);
        Assert.Equal(1, analyzer.Calls);
        await ((IPatternStore)store).ReceivedWithAnyArgs(1).RecordMergesAsync(default!, Ct);
        var stored = (await _sqlite.QueryAsync(new LogQuery(), Ct)).Entries;
        Assert.Equal(4, stored.Count);
        Assert.All(stored, e => Assert.Equal((generalised, "Invalid user <*> from <*>"), (e.PatternId, e.Template)));
        var pattern = Assert.Single(await ((IPatternStore)_sqlite).ListPatternsAsync(10, Ct));
        Assert.Equal((generalised, 4L), (pattern.Id, pattern.Count));
    }

    private LogPipeline Start(ILogStore store, Action<PipelineOptions> configure, IEntryAnalyzer? analyzer = null)
    {
        var pipeline = Create(store, configure, analyzer);
        pipeline.Start();
        return pipeline;
    }

    private LogPipeline Create(ILogStore store, Action<PipelineOptions> configure, IEntryAnalyzer? analyzer = null)
    {
        var options = new LogAnalyzerOptions();
        configure(options.Pipeline);
        var pipeline = new LogPipeline(store, Options.Create(options), _time, _metrics, NullLogger<LogPipeline>.Instance, analyzer);
        _pipelines.Add(pipeline);
        return pipeline;
    }

    private MeterListener ListenToDrops(Action<long, string?> onDrop)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, _metrics.Meter) && instrument.Name == "loganalyzer.entries.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            onDrop(value, reason);
        });
        listener.Start();
        return listener;
    }
}
