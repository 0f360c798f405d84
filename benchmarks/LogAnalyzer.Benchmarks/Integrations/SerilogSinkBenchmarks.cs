using LogAnalyzer.Tests;
using BenchmarkDotNet.Attributes;
using Serilog;
using Serilog.Core;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// One Serilog <c>Information</c> event with three properties, through LogAnalyzer's sink (the real SQLite pipeline)
/// and through the Seq sink (its default batching, pointed at a port where nothing listens, as in an app whose Seq
/// server is down or not yet reachable).
/// </summary>
[MemoryDiagnoser]
public class SerilogSinkBenchmarks
{
    private TempDirectory _folder = null!;
    private LogAnalyzerEngine _engine = null!;
    private Logger _ours = null!;
    private Logger _seq = null!;
    private int _orderId;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempDirectory();
        _engine = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("bench.db") } });
        _ours = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger();
        _seq = new LoggerConfiguration().WriteTo.Seq("http://127.0.0.1:1").CreateLogger();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _seq.Dispose();
        _engine.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Seq_Information() => _seq.Information("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void LogAnalyzer_Information() => _ours.Information("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);
}
