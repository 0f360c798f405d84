using BenchmarkDotNet.Attributes;
using LogAnalyzer.Benchmarks.Data;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Benchmarks.Pipeline;

/// <summary>
/// The cost a logging call pays to hand an entry to the pipeline (<see cref="ILogPipeline.TryEnqueue"/>), with the
/// writer draining into a store that discards, so the queue never fills and no entry is dropped.
/// </summary>
[MemoryDiagnoser]
public class EnqueueBenchmarks
{
    private LogPipeline _pipeline = null!;
    private LogEntry _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _entry = SeedLikeEntries.Create(1)[0];
        var options = Options.Create(new LogAnalyzerOptions { Pipeline = { Capacity = 1_000_000, MaxBatchSize = 10_000 } });
        _pipeline = new LogPipeline(new DiscardingStore(), options, TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<LogPipeline>.Instance);
        _pipeline.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var dropped = _pipeline.Stats.Dropped;
        _pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (dropped > 0)
        {
            throw new InvalidOperationException($"{dropped} entries were dropped: the measurement included the drop path.");
        }
    }

    [Benchmark]
    public bool TryEnqueue() => _pipeline.TryEnqueue(_entry);

    private sealed class DiscardingStore : ILogStore
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LogEntry?> GetAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LogStats> GetStatsAsync(int recentErrors, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
