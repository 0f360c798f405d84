namespace LogAnalyzer;

/// <summary>Self-monitoring (<c>LogAnalyzer:Health</c>): the thresholds of the health checks and of the memory monitor.</summary>
public sealed class HealthOptions
{
    /// <summary>Resident memory above which the memory monitor warns and the memory check reports degraded. Default: 400 MB, the seed's threshold.</summary>
    public int MemoryWarningMegabytes { get; set; } = 400;

    /// <summary>How often the memory monitor samples the process. Default: 1 minute.</summary>
    public TimeSpan MemoryCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Free space on the SQLite database's disk below which the store check reports degraded. Default: 500 MB.</summary>
    public int MinimumFreeDiskMegabytes { get; set; } = 500;

    /// <summary>How long after entries were dropped the queue check keeps reporting degraded. Default: 5 minutes.</summary>
    public TimeSpan DropsReportedFor { get; set; } = TimeSpan.FromMinutes(5);
}
