namespace LogAnalyzer;

/// <summary>Redis, when several instances share one analysis (<c>LogAnalyzer:Redis</c>; set by <c>UseRedis</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>The StackExchange.Redis configuration string, such as <c>localhost:6379</c>; none runs without Redis. Default: none.</summary>
    public string? Configuration { get; set; }

    /// <summary>The prefix of every key LogAnalyzer writes, so that several apps can share one Redis. Default: <c>loganalyzer:</c>.</summary>
    public string KeyPrefix { get; set; } = "loganalyzer:";

    /// <summary>This instance's name in leases; unique per process by default (machine name and process id). Default: none.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Ingestion through a Redis stream shared by the fleet; off by default.</summary>
    public RedisQueueOptions Queue { get; set; } = new();
}
