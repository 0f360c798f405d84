using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Benchmarks.Data;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Patterns;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Benchmarks.Storage;

/// <summary>
/// Ingestion into SQLite with every query index and the full-text index in place, three ways, side by side at the
/// same transaction size: plain prepared inserts (the baseline), the store's batch write, and the whole pipeline
/// (entries enqueued by acknowledged producers until committed). Each iteration writes 100,000 seed-like entries
/// into a new database file; the time per operation is the time per entry.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
[MedianColumn]
public class IngestionThroughputBenchmarks
{
    private const int Entries = 100_000;
    private const int Producers = 16;
    private const int ProducerChunk = 500;

    private LogEntry[] _template = [];
    private LogEntry[] _entries = [];
    private string _folder = string.Empty;
    private PlainPreparedInserter? _plain;
    private object[][] _rows = [];
    private SqliteLogStore? _store;
    private LogPipeline? _pipeline;

    [Params(1_000, 5_000)]
    public int TransactionSize { get; set; }

    [GlobalSetup]
    public void GlobalSetup() => _template = SeedLikeEntries.Create(Entries);

    [IterationSetup(Target = nameof(PlainPreparedInserts))]
    public void SetupPlain()
    {
        _plain = new PlainPreparedInserter(NewDatabase());
        _rows = _plain.Prepare(_template);
    }

    [IterationSetup(Targets = [nameof(StoreAppend), nameof(PipelineEndToEnd)])]
    public void SetupStore() => SetupPipeline(analyze: false);

    [IterationSetup(Target = nameof(StoreAppendAnalysed))]
    public void SetupAnalysed()
    {
        SetupPipeline(analyze: false);
        var options = new LogAnalyzerOptions();
        new EntryAnalyzer(new TemplateMiner(options.Patterns), new AnomalyScorer(options.Anomalies, TimeProvider.System))
            .Analyze(_entries, 0, new List<LogAnalyzer.Storage.PatternMerge>());
    }

    /// <summary>As <see cref="StoreAppend"/>, of entries analysed beforehand: what storing patterns and scores costs.</summary>
    [Benchmark(OperationsPerInvoke = Entries)]
    public Task StoreAppendAnalysed() => StoreAppend();

    [IterationSetup(Target = nameof(PipelineEndToEndWithAnalysis))]
    public void SetupAnalysis() => SetupPipeline(analyze: true);

    private void SetupPipeline(bool analyze)
    {
        _entries = SeedLikeEntries.Fresh(_template);
        var options = Options.Create(new LogAnalyzerOptions
        {
            Sqlite = { Path = NewDatabase() },
            Pipeline = { MaxBatchSize = TransactionSize, Capacity = 10_000 },
        });
        _store = new SqliteLogStore(options);
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        // As a host runs it: redaction of stored entries (on by default), then mining and scoring.
        var analyzer = analyze
            ? RedactingEntryAnalyzer.Wrap(
                new EntryAnalyzer(new TemplateMiner(options.Value.Patterns), new AnomalyScorer(options.Value.Anomalies, TimeProvider.System)),
                options.Value.Ai.Redaction,
                new LogRedactor(options.Value.Ai.Redaction))
            : null;
        _pipeline = new LogPipeline(_store, options, TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<LogPipeline>.Instance, analyzer);
        _pipeline.Start();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _pipeline?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store?.Dispose();
        _plain?.Dispose();
        (_pipeline, _store, _plain) = (null, null, null);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Entries)]
    public void PlainPreparedInserts() => _plain!.Insert(_rows, TransactionSize);

    [Benchmark(OperationsPerInvoke = Entries)]
    public async Task StoreAppend()
    {
        for (var start = 0; start < _entries.Length; start += TransactionSize)
        {
            await _store!.AppendAsync(new ArraySegment<LogEntry>(_entries, start, Math.Min(TransactionSize, _entries.Length - start)), CancellationToken.None);
        }
    }

    /// <summary>As <see cref="PipelineEndToEnd"/>, with redaction, pattern mining and anomaly scoring on, as a host runs it.</summary>
    [Benchmark(OperationsPerInvoke = Entries)]
    public Task PipelineEndToEndWithAnalysis() => PipelineEndToEnd();

    [Benchmark(OperationsPerInvoke = Entries)]
    public async Task PipelineEndToEnd()
    {
        // Producers that wait for their commit, as the HTTP API does; the writer merges what waits (group commit).
        // Like the requests of a busy app, they send entries stamped at about the same time: producer p sends
        // chunks p, p + Producers, p + 2 × Producers, ... of the time-ordered entries.
        var producers = new Task[Producers];
        for (var p = 0; p < Producers; p++)
        {
            var first = p * ProducerChunk;
            producers[p] = Task.Run(async () =>
            {
                for (var start = first; start < _entries.Length; start += Producers * ProducerChunk)
                {
                    var chunk = new ArraySegment<LogEntry>(_entries, start, Math.Min(ProducerChunk, _entries.Length - start));
                    if (await _pipeline!.EnqueueAsync(chunk, CancellationToken.None) != EnqueueResult.Committed)
                    {
                        throw new InvalidOperationException("An acknowledged producer was refused.");
                    }
                }
            });
        }

        await Task.WhenAll(producers);
    }

    private string NewDatabase()
    {
        _folder = Path.Combine(Path.GetTempPath(), "loganalyzer-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        return Path.Combine(_folder, "logs.db");
    }
}
