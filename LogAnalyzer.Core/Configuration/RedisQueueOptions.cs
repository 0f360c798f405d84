namespace LogAnalyzer;

/// <summary>
/// Ingestion through a Redis stream shared by the fleet (<c>LogAnalyzer:Redis:Queue</c>; turned on by <c>UseRedisQueue</c>).
/// Each instance's pipeline adds its batches to the stream; each instance's consumer reads batches through one consumer
/// group and stores them, so what any instance logs is stored once, by whichever instance is free.
/// </summary>
public sealed class RedisQueueOptions
{
    /// <summary>Whether entries go through the Redis stream (needs <see cref="RedisOptions.Configuration"/>). Default: <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Whether this instance also stores entries from the stream. Instances that only produce (web nodes in front of
    /// dedicated workers, say) set it to <see langword="false"/>. Default: <see langword="true"/>.
    /// </summary>
    public bool Consume { get; set; } = true;

    /// <summary>The stream's name after <see cref="RedisOptions.KeyPrefix"/>; the dead-letter stream adds <c>:dead</c>. Default: <c>logs</c>.</summary>
    public string StreamName { get; set; } = "logs";

    /// <summary>The consumer group every instance reads through. Default: <c>loganalyzer</c>.</summary>
    public string ConsumerGroup { get; set; } = "loganalyzer";

    /// <summary>
    /// The most entries the stream holds (waiting and being stored). A producer that finds it full writes to its own
    /// store instead, as when Redis is down; stored entries are trimmed from the stream, never unconsumed ones.
    /// Default: 1,000,000.
    /// </summary>
    public long MaxLength { get; set; } = 1_000_000;

    /// <summary>How many entries a consumer reads and stores in one transaction. Default: 500.</summary>
    public int ReadBatchSize { get; set; } = 500;

    /// <summary>How long a consumer waits before reading again when the stream was empty. Default: 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often an entry the store refuses is tried before it moves to the dead-letter stream. Default: 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The delay after the first failed attempt; it doubles after each further one. Default: 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an entry may stay read but unacknowledged by another consumer before a live consumer claims it (its
    /// reader has died or stalled). Default: 30 seconds.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a producer writes to its own store after Redis failed, before it tries Redis again. Default: 5 seconds.</summary>
    public TimeSpan FallbackRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most entries the dead-letter stream keeps (oldest trimmed first). Default: 100,000.</summary>
    public long DeadLetterMaxLength { get; set; } = 100_000;
}
