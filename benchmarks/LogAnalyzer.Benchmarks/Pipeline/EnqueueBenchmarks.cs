using BenchmarkDotNet.Attributes;
using LogAnalyzer.Benchmarks.Data;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Benchmarks.Pipeline;

/// <summary>
/// What a logging call pays to hand an entry to the pipeline.
/// <see cref="TryEnqueue"/>: the call alone, into a queue with room for every call of the iteration (the writer is
/// not started, so nothing competes and nothing is dropped). <see cref="EnqueueAndDrain"/>: 1,000 calls and the
/// writer taking them all out again (into a store that discards), per entry.
/// </summary>
[MemoryDiagnoser]
public class EnqueueBenchmarks
{
    private const int CallsPerIteration = 1 << 20;
    private const int Burst = 1_000;

    private LogPipeline _idle = null!;
    private LogPipeline _running = null!;
    private LogEntry _entry = null!;
    private long _refused;

    [GlobalSetup]
    public void Setup()
    {
        _entry = SeedLikeEntries.Create(1)[0];
        _running = Create(Burst * 4);
        _running.Start();
    }

    [IterationSetup(Target = nameof(TryEnqueue))]
    public void SetupIdle() => _idle = Create(CallsPerIteration * 2);

    [IterationCleanup(Target = nameof(TryEnqueue))]
    public void CleanupIdle() => _idle.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _refused += _running.Stats.Dropped;
        _running.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_refused > 0)
        {
            throw new InvalidOperationException($"{_refused} entries were refused: the measurement included the drop path.");
        }
    }

    [Benchmark]
    [InvocationCount(CallsPerIteration)]
    public void TryEnqueue()
    {
        if (!_idle.TryEnqueue(_entry))
        {
            _refused++;
        }
    }

    [Benchmark(OperationsPerInvoke = Burst)]
    public async Task EnqueueAndDrain()
    {
        for (var i = 0; i < Burst; i++)
        {
            _running.TryEnqueue(_entry);
        }

        await _running.FlushAsync(CancellationToken.None);
    }

    private static LogPipeline Create(int capacity)
    {
        var options = Options.Create(new LogAnalyzerOptions { Pipeline = { Capacity = capacity, MaxBatchSize = 10_000, BatchSize = 1 } });
        return new LogPipeline(new DiscardingStore(), options, TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<LogPipeline>.Instance);
    }

    private sealed class DiscardingStore : ILogStore
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LogEntry?> GetAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LogStats> GetStatsAsync(int recentErrors, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
