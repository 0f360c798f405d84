using LogAnalyzer.Ai.Analysis;
using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Patterns;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Benchmarks.Pipeline;

/// <summary>The real ingestion path of a host (redaction, patterns, anomaly scores, SQLite) for the commands that replay demo traffic.</summary>
internal sealed class AnalysedPipeline : IDisposable
{
    public AnalysedPipeline(LogAnalyzerOptions options, TimeProvider time, AnalysisTrigger? trigger = null, LogAnalyzer.Queue.IBatchForwarder? forwarder = null)
    {
        var wrapped = Options.Create(options);
        Store = new SqliteLogStore(wrapped);
        Store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        Redactor = new LogRedactor(options.Ai.Redaction);
        var analyzer = RedactingEntryAnalyzer.Wrap(
            new EntryAnalyzer(new TemplateMiner(options.Patterns), new AnomalyScorer(options.Anomalies, time), trigger), options.Ai.Redaction, Redactor);
        Pipeline = new LogPipeline(Store, wrapped, time, Metrics, NullLogger<LogPipeline>.Instance, analyzer, forwarder);
        Pipeline.Start();
    }

    public LogAnalyzerMetrics Metrics { get; } = new();

    public SqliteLogStore Store { get; }

    public LogRedactor Redactor { get; }

    public LogPipeline Pipeline { get; }

    /// <summary>Writes what is queued and stops the pipeline.</summary>
    public void Complete()
    {
        Pipeline.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        Pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Store.Dispose();
        Metrics.Dispose();
    }
}
