using LogAnalyzer.Pipeline;

namespace LogAnalyzer;

/// <summary>Settings of the Serilog sink, for <c>WriteTo.LogAnalyzer(options =&gt; …)</c>.</summary>
public sealed class LogAnalyzerSinkOptions
{
    /// <summary>
    /// The pipeline to write to, such as <see cref="LogAnalyzerEngine.Pipeline"/>; it stays its owner's. Default:
    /// none, and then the host's pipeline when <see cref="Services"/> is set, or else an engine of the sink's own,
    /// configured by <see cref="Engine"/> and drained when the logger is disposed (<c>Log.CloseAndFlush()</c>).
    /// </summary>
    public ILogPipeline? Pipeline { get; set; }

    /// <summary>
    /// The host's services, when the app calls <c>services.AddLogAnalyzer()</c>: the sink then writes to the
    /// host's pipeline, resolved on first use. Default: none.
    /// </summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>
    /// The settings of the sink's own engine (database path, queue, shutdown budget), used when neither
    /// <see cref="Pipeline"/> nor <see cref="Services"/> is set. Default: the defaults of <see cref="LogAnalyzerOptions"/>
    /// (<c>data/loganalyzer.db</c>, a queue of 10,000 entries).
    /// </summary>
    public LogAnalyzerOptions Engine { get; set; } = new();

    /// <summary>
    /// Which event properties fill which <see cref="LogEntry"/> field, matched ignoring case. Default: <c>UserId</c>,
    /// <c>SessionId</c>, <c>RequestPath</c> and <c>Endpoint</c> (endpoint), <c>ErrorCode</c>, <c>Elapsed</c>,
    /// <c>ElapsedMilliseconds</c> and <c>ResponseTime</c> (response time), <c>City</c>, <c>TraceId</c>, <c>SpanId</c>,
    /// <c>Service</c> and <c>Application</c> (service). A mapped property is stored in its field instead of the
    /// property bag; <c>SourceContext</c> and the rest are kept as properties.
    /// </summary>
    public IDictionary<string, LogEntryField> FieldMap { get; } = Ingestion.LogEntryFields.CreateDefaultMap();

    /// <summary>The service name stored with events that carry none. Default: none.</summary>
    public string? Service { get; set; }

    /// <summary>
    /// The size limits; longer strings are truncated and extra properties left out (an event is never rejected).
    /// Default: the limits of the pipeline written to: the host's <c>LogAnalyzer:Limits</c> with <see cref="Services"/>,
    /// the engine's <see cref="LogAnalyzerOptions.Limits"/> with <see cref="Pipeline"/>, <see cref="Engine"/>'s otherwise.
    /// </summary>
    public LogEntryLimits? Limits { get; set; }
}
