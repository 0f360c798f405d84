namespace LogAnalyzer;

/// <summary>Settings of the HTTP API (<c>LogAnalyzer:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The most entries one <c>POST /api/logs/batch</c> may carry. Default: 1,000.</summary>
    public int MaxBatchEntries { get; set; } = 1_000;

    /// <summary>The largest <c>limit</c> of <c>GET /api/logs</c>. Default: 500.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>The <c>limit</c> of <c>GET /api/logs</c> when the request gives none. Default: 50.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>How many recent errors <c>GET /api/logs/stats</c> returns. Default: 10.</summary>
    public int RecentErrors { get; set; } = 10;
}
