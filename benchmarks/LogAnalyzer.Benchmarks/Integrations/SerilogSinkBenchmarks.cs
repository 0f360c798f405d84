using LogAnalyzer.Tests;
using BenchmarkDotNet.Attributes;
using Serilog;
using Serilog.Core;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// One Serilog <c>Information</c> event with three properties, through LogAnalyzer's sink (the real SQLite pipeline)
/// and through the Seq sink (its default batching, pointed at a port where nothing listens, as in an app whose Seq
/// server is down or not yet reachable; and pointed at a loopback server that accepts everything). Allocations
/// count every thread, so background work (our writer, the Seq sink's HTTP posts) is included.
/// </summary>
[MemoryDiagnoser]
public class SerilogSinkBenchmarks
{
    private TempDirectory _folder = null!;
    private LogAnalyzerEngine _engine = null!;
    private Logger _ours = null!;
    private Logger _seq = null!;
    private Logger _oursPaused = null!;
    private Logger _seqUp = null!;
    private LogPipeline _paused = null!;
    private FakeSeqServer _seqServer = null!;
    private int _orderId;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempDirectory();
        _engine = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("bench.db") } });
        _ours = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger();
        // Not started: the queue fills and later events are counted drops, so only the call itself is measured.
        _paused = new LogPipeline(
            new SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("paused.db") } })),
            Options.Create(new LogAnalyzerOptions()), TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<LogPipeline>.Instance);
        _oursPaused = new LoggerConfiguration().WriteTo.LogAnalyzer(_paused).CreateLogger();
        _seqServer = new FakeSeqServer();
        _seqUp = new LoggerConfiguration().WriteTo.Seq(_seqServer.Url).CreateLogger();
        _seq = new LoggerConfiguration().WriteTo.Seq("http://127.0.0.1:1").CreateLogger();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _seq.Dispose();
        _seqUp.Dispose();
        _seqServer.Dispose();
        _oursPaused.Dispose();
        _paused.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _engine.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Seq_Information() => _seq.Information("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void LogAnalyzer_Information() => _ours.Information("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    /// <summary>The Seq sink delivering to a server that accepts everything (a loopback stand-in for Seq).</summary>
    [Benchmark]
    public void Seq_Information_ServerUp() => _seqUp.Information("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    /// <summary>Our sink with the pipeline's writer not running: the call alone, as the Seq sink's with its server down.</summary>
    [Benchmark]
    public void LogAnalyzer_Information_WriterPaused() => _oursPaused.Information("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);
}
