using LogAnalyzer.Tests;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// The cost to the app of one <c>LogInformation</c> call with three properties, through LogAnalyzer's provider
/// (queued for the real SQLite pipeline), OpenTelemetry's provider (batch processor, in-memory exporter) and
/// <see cref="NullLogger"/>; and of a call at a disabled level. Allocations count every thread, so each peer's
/// background work (our writer, OpenTelemetry's exporter thread) is included.
/// </summary>
[MemoryDiagnoser]
public partial class LoggerProviderBenchmarks
{
    private readonly CountingCollection<LogRecord> _exported = new();
    private TempDirectory _folder = null!;
    private LogAnalyzerEngine _engine = null!;
    private ILoggerFactory _ours = null!;
    private ILoggerFactory _otel = null!;
    private ILogger _oursLogger = null!;
    private ILogger _otelLogger = null!;
    private ILogger _nullLogger = null!;
    private int _orderId;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempDirectory();
        _engine = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("bench.db") } });
        _ours = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddLogAnalyzer(_engine.Pipeline));
        _otel = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddOpenTelemetry(o =>
            o.AddProcessor(new BatchLogRecordExportProcessor(new InMemoryExporter<LogRecord>(_exported)))));
        _oursLogger = _ours.CreateLogger("Shop.Orders");
        _otelLogger = _otel.CreateLogger("Shop.Orders");
        _nullLogger = NullLoggerFactory.Instance.CreateLogger("Shop.Orders");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _otel.Dispose();
        _engine.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void OpenTelemetry_LogInformation() =>
        _otelLogger.LogInformation("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void LogAnalyzer_LogInformation() =>
        _oursLogger.LogInformation("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void NullLogger_LogInformation() =>
        _nullLogger.LogInformation("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void OpenTelemetry_Generated() => LogOrder(_otelLogger, ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void LogAnalyzer_Generated() => LogOrder(_oursLogger, ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void LogAnalyzer_DisabledLevel_Generated() => LogOrderDebug(_oursLogger, ++_orderId, "user_123", 99.5);

    [Benchmark]
    public void LogAnalyzer_DisabledLevel_LogDebug() =>
        _oursLogger.LogDebug("Order {OrderId} placed by {UserId} for {Amount}", ++_orderId, "user_123", 99.5);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {OrderId} placed by {UserId} for {Amount}")]
    private static partial void LogOrder(ILogger logger, int orderId, string userId, double amount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Order {OrderId} placed by {UserId} for {Amount}")]
    private static partial void LogOrderDebug(ILogger logger, int orderId, string userId, double amount);
}
