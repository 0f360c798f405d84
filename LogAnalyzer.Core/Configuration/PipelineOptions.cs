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
    /// The most entries the pipeline holds for logged events (the Serilog sink, the logger provider,
    /// <see cref="Pipeline.ILogPipeline.TryEnqueue"/>) while it is overloaded. Once a logged event has been dropped
    /// because the pipeline was full, logged events are admitted only while fewer than this many entries are in it,
    /// until the writer has caught up (nothing queued, written or refused for 10 ms). A burst of up to
    /// <see cref="Capacity"/> events is still held whole. Under a sustained overload the writer stores as many events
    /// per second from a short queue as from a full one, and a full queue of just-logged events is what the app's
    /// garbage collections would otherwise keep promoting, at the app's cost. Batches from the HTTP API are admitted
    /// up to <see cref="Capacity"/> as before. A value of <see cref="Capacity"/> or more turns this off; while it
    /// applies, a write is due once this many entries wait if that is fewer than <see cref="BatchSize"/>. Must be at
    /// least 1. Default: 250 (see benchmarks/RESULTS.md, "Serilog sink under load").
    /// </summary>
    public int OverloadCapacity { get; set; } = 250;

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
