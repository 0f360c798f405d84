namespace LogAnalyzer.Anomalies;

/// <summary>The names of the reasons an entry can be scored for; they are stored and returned by the API.</summary>
public static class AnomalyReasons
{
    /// <summary>The entry is an Error or Critical (or, weakly, a Warning).</summary>
    public const string Level = "level";

    /// <summary>The entry's pattern had not been seen before.</summary>
    public const string NewPattern = "new_pattern";

    /// <summary>The entry's pattern is a tiny share of all entries.</summary>
    public const string RarePattern = "rare_pattern";

    /// <summary>The pattern occurs this minute far more often than its baseline.</summary>
    public const string PatternSpike = "pattern_spike";

    /// <summary>The endpoint's share of failing entries this minute is far above its baseline.</summary>
    public const string EndpointErrorSpike = "endpoint_error_spike";

    /// <summary>The response time is far above the endpoint's usual high quantile.</summary>
    public const string LatencyOutlier = "latency_outlier";

    /// <summary>A failure on a critical endpoint (payment, auth, login, checkout by default).</summary>
    public const string CriticalEndpoint = "critical_endpoint";

    /// <summary>An error code never seen before.</summary>
    public const string NewErrorCode = "new_error_code";
}
