namespace LogAnalyzer;

/// <summary>
/// Access control and limits of the HTTP API (<c>LogAnalyzer:Security</c>). With no key configured the API is open,
/// as the seed's; rate limits, body limits, compression and security headers apply either way.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// One API key with every scope, sent in the <c>X-Api-Key</c> header (environment: <c>LogAnalyzer__Security__ApiKey</c>).
    /// At least 16 characters. Default: none; with neither this nor <see cref="ApiKeys"/> the API needs no key.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>API keys with their own scopes (<see cref="ApiKeyScopes"/>). Default: none.</summary>
    public IList<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Requests per client and window on the LogAnalyzer endpoints.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// The largest request body, in bytes, a LogAnalyzer endpoint reads; larger bodies are answered 413.
    /// Default: 10,485,760 (10 MB), room for a full batch of 1,000 logs.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 10L * 1024 * 1024;

    /// <summary>Whether JSON responses are compressed (Brotli or gzip, as the client accepts). Default: <see langword="true"/>, as the seed.</summary>
    public bool ResponseCompression { get; set; } = true;

    /// <summary>
    /// Whether LogAnalyzer's responses carry Helmet-style security headers (<c>X-Content-Type-Options</c>,
    /// <c>X-Frame-Options</c>, <c>Referrer-Policy</c>, <c>Content-Security-Policy</c>, <c>Cross-Origin-Resource-Policy</c>).
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool SecurityHeaders { get; set; } = true;
}

/// <summary>One API key and what it may do (<c>LogAnalyzer:Security:ApiKeys:n</c>).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key, sent in the <c>X-Api-Key</c> header. At least 16 characters.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The scopes of the key: <c>ingest</c>, <c>read</c> and/or <c>manage</c> (<see cref="ApiKeyScopes"/>). Default: none.</summary>
    public IList<string> Scopes { get; set; } = [];
}

/// <summary>The scopes an API key may hold.</summary>
public static class ApiKeyScopes
{
    /// <summary><c>ingest</c>: <c>POST /api/logs</c> and <c>POST /api/logs/batch</c>.</summary>
    public const string Ingest = "ingest";

    /// <summary><c>read</c>: every <c>GET</c>, natural-language search and the copilot.</summary>
    public const string Read = "read";

    /// <summary><c>manage</c>: acknowledging and resolving alerts and every other change.</summary>
    public const string Manage = "manage";

    /// <summary>Every scope.</summary>
    internal static readonly string[] All = [Ingest, Read, Manage];
}

/// <summary>The per-client rate limit of the LogAnalyzer endpoints (<c>LogAnalyzer:Security:RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Whether requests are rate limited. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests one client may make per <see cref="Window"/>; a client is its API key, or its IP address when it sends
    /// none. Default: 10,000, as the seed.
    /// </summary>
    public int PermitLimit { get; set; } = 10_000;

    /// <summary>The fixed window the limit counts over. Default: 1 minute, as the seed.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
