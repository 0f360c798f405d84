using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Pipeline;

/// <summary>Logged events while the pipeline is overloaded (<see cref="PipelineOptions.OverloadCapacity"/>).</summary>
public sealed partial class LogPipelineTests
{
    [Fact]
    public async Task TryEnqueue_AfterAFullQueue_AdmitsOnlyUpToOverloadCapacityUntilTheWriterCatchesUp()
    {
        var store = new RecordingStore(_sqlite);
        store.HoldWrites();
        var pipeline = Start(store, o => (o.Capacity, o.OverloadCapacity, o.BatchSize) = (10, 3, 1));
        var reasons = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = ListenToDrops((_, reason) => reasons.Enqueue(reason ?? "none"));
        Assert.True(pipeline.TryEnqueue(Entries.Info("first")));
        await Eventually.True(() => store.Appending == 1, "the first write is held");

        // A burst up to Capacity is held whole; the first event beyond it is dropped and starts the overload.
        Assert.All(Enumerable.Range(0, 9), i => Assert.True(pipeline.TryEnqueue(Entries.Info($"burst {i}"))));
        Assert.False(pipeline.Stats.Overloaded);
        Assert.False(pipeline.TryEnqueue(Entries.Info("beyond capacity")));
        Assert.True(pipeline.Stats.Overloaded);

        // Nine entries remain once the first write ends: fewer than Capacity, not fewer than OverloadCapacity.
        store.AllowWrites(1);
        await Eventually.True(() => store.Appending == 2, "the burst's write is held");
        Assert.False(pipeline.TryEnqueue(Entries.Info("while the burst is written")));
        Assert.True(pipeline.DropIfFull());
        Assert.Equal(["queue_full", "overloaded", "overloaded"], reasons);

        // Room freed by a write is refilled at once, as in a logging loop: the pipeline holds at most three logged events.
        store.AllowWrites(1);
        await Eventually.True(() => pipeline.Stats is { Completed: 10, Waiting: 0, Active: 0 }, "the burst is stored");
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(i => pipeline.TryEnqueue(Entries.Info($"overloaded {i}"))).ToList());
        store.AllowWrites(100);
        await Eventually.True(() => pipeline.Stats.Completed == 13, "the overload's events are stored");

        // The writer has caught up once nothing is queued or written for a while: a burst is held whole again.
        await Eventually.True(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(5));
                return !pipeline.Stats.Overloaded;
            },
            "the writer found nothing to do");
        store.HoldWrites();
        Assert.All(Enumerable.Range(0, 10), i => Assert.True(pipeline.TryEnqueue(Entries.Info($"second burst {i}"))));
        Assert.Equal(4, pipeline.Stats.Dropped);

        store.AllowWrites(100);
        await pipeline.FlushAsync(Ct);
        Assert.Equal(23, (await _sqlite.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task TryEnqueue_OverloadedWhileAWriteIsSlow_StaysOverloadedUntilItEnds()
    {
        var (pipeline, store) = await OverloadedWhileNineAreWrittenAsync();

        // Nothing new arrives for many looks of the writer (two quiet ones in a row would end an idle overload), but
        // nine entries are still being written.
        var looked = pipeline.OverloadLooks;
        await Eventually.True(
            () =>
            {
                _time.Advance(OverloadGate.CaughtUpAfter);
                return pipeline.OverloadLooks >= looked + 6;
            },
            "the writer looked six times");

        Assert.True(pipeline.Stats.Overloaded);
        Assert.False(pipeline.TryEnqueue(Entries.Info("nine of ten places taken")));

        store.AllowWrites(100);
        await Eventually.True(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(5));
                return pipeline.Stats is { Completed: 10, Overloaded: false };
            },
            "the writer stored everything and found nothing more to do");
    }

    [Fact]
    public async Task TryEnqueue_OverloadCapacityAtCapacity_DropsWithoutAnOverload()
    {
        var store = new RecordingStore(_sqlite);
        store.HoldWrites();
        var pipeline = Start(store, o => (o.Capacity, o.OverloadCapacity, o.BatchSize) = (5, 5, 1));
        Assert.All(Enumerable.Range(0, 5), i => Assert.True(pipeline.TryEnqueue(Entries.Info($"burst {i}"))));

        Assert.False(pipeline.TryEnqueue(Entries.Info("beyond capacity")));

        Assert.Equal((1, false), (pipeline.Stats.Dropped, pipeline.Stats.Overloaded));
        store.AllowWrites(100);
        await pipeline.FlushAsync(Ct);
    }

    [Fact]
    public async Task EnqueueAsync_WhileOverloaded_AdmitsUpToCapacity()
    {
        var (pipeline, store) = await OverloadedWhileNineAreWrittenAsync();

        // Nine of ten places are taken: a logged event is refused, an API batch (acknowledged only once stored) is not.
        Assert.False(pipeline.TryEnqueue(Entries.Info("logged")));
        var unit = pipeline.EnqueueAsync(Entries.Many(1, "unit"), Ct);
        Assert.Equal(10, pipeline.Stats.Waiting + pipeline.Stats.Active);
        Assert.True(pipeline.Stats.Overloaded);

        store.AllowWrites(100);
        Assert.Equal(EnqueueResult.Committed, await unit);
        Assert.Equal(1, (await _sqlite.QueryAsync(new LogQuery { Text = "unit" }, Ct)).Total);
    }

    /// <summary>
    /// Capacity 10, OverloadCapacity 3: one entry written, a burst of nine held in the next write and one more
    /// refused, so the pipeline is overloaded with nine of its ten places taken.
    /// </summary>
    private async Task<(LogPipeline Pipeline, RecordingStore Store)> OverloadedWhileNineAreWrittenAsync()
    {
        var store = new RecordingStore(_sqlite);
        store.HoldWrites();
        var pipeline = Start(store, o => (o.Capacity, o.OverloadCapacity, o.BatchSize) = (10, 3, 1));
        Assert.True(pipeline.TryEnqueue(Entries.Info("first")));
        await Eventually.True(() => store.Appending == 1, "the first write is held");
        Assert.All(Enumerable.Range(0, 9), i => Assert.True(pipeline.TryEnqueue(Entries.Info($"burst {i}"))));
        Assert.False(pipeline.TryEnqueue(Entries.Info("beyond capacity")));
        store.AllowWrites(1);
        await Eventually.True(() => store.Appending == 2 && pipeline.Stats.Completed == 1, "the burst's write is held");
        return (pipeline, store);
    }
}
