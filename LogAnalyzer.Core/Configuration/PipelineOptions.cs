namespace LogAnalyzer;

/// <summary>Settings of the ingestion pipeline (<c>LogAnalyzer:Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    /// <summary>
    /// The most entries the pipeline holds: waiting in the queue, being analysed or being written. An entry keeps its
    /// place until it is stored. Default: 10,000.
    /// </summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>
    /// How many waiting entries trigger a write before <see cref="FlushInterval"/> has passed. Default: 50.
    /// Entries whose producer waits for the commit (the HTTP API) are written at once.
    /// </summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// The most entries one store transaction takes. When more than <see cref="BatchSize"/> entries wait, the writer
    /// commits them together (group commit) up to this bound; while one transaction is written, the next one
    /// gathers what arrives. Default: 5,000 (measured fastest end to end; see benchmarks/RESULTS.md).
    /// </summary>
    public int MaxBatchSize { get; set; } = 5_000;

    /// <summary>The longest an entry waits in the queue before it is written. Default: 1 second.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a producer that waits for room (the HTTP API) waits when the queue is full before it gives up
    /// (the API then answers 503 with Retry-After). Default: 2 seconds.
    /// </summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long shutdown may spend writing what is queued; what is left then is counted as dropped. Default: 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay before a failed store write is retried; it doubles on each failure. Default: 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between retries of a failed store write. Default: 30 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
