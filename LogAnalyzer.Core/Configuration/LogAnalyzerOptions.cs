namespace LogAnalyzer;

/// <summary>
/// LogAnalyzer's settings, bound from the <c>LogAnalyzer</c> configuration section and then from the delegate
/// given to <c>AddLogAnalyzer</c>; validated at start-up.
/// </summary>
public sealed class LogAnalyzerOptions
{
    /// <summary>The configuration section the options are bound from: <c>LogAnalyzer</c>.</summary>
    public const string SectionName = "LogAnalyzer";

    /// <summary>The embedded SQLite store (the default store).</summary>
    public SqliteStoreOptions Sqlite { get; set; } = new();

    /// <summary>The MongoDB store, which replaces SQLite when its connection string is set.</summary>
    public MongoDbStoreOptions MongoDb { get; set; } = new();

    /// <summary>The ingestion pipeline: queue, batching, retries and shutdown.</summary>
    public PipelineOptions Pipeline { get; set; } = new();

    /// <summary>Size limits that every entry must respect.</summary>
    public LogEntryLimits Limits { get; set; } = new();

    /// <summary>The HTTP API.</summary>
    public ApiOptions Api { get; set; } = new();

    /// <summary>Access control and limits of the HTTP API: API keys, rate limits, body limits, compression and headers.</summary>
    public SecurityOptions Security { get; set; } = new();

    /// <summary>The log template miner that groups entries into patterns.</summary>
    public PatternOptions Patterns { get; set; } = new();

    /// <summary>The statistical anomaly scorer.</summary>
    public AnomalyOptions Anomalies { get; set; } = new();

    /// <summary>The alert engine: rules, windows and the lifecycle.</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>The revenue model behind the estimated revenue loss of alerts and the blast radius.</summary>
    public RevenueOptions Revenue { get; set; } = new();

    /// <summary>Session timelines, trending issues, natural-language search and the copilot.</summary>
    public InsightOptions Insights { get; set; } = new();

    /// <summary>Self-monitoring: health-check and memory thresholds.</summary>
    public HealthOptions Health { get; set; } = new();

    /// <summary>The daily cleanup of old entries.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>Redis, when several instances share one analysis.</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>The language model (Cerebras by default) that explains patterns, its budget and redaction.</summary>
    public AiOptions Ai { get; set; } = new();
}
