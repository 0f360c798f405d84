namespace LogAnalyzer;

/// <summary>
/// Settings of the LogAnalyzer logger provider, bound from <c>Logging:LogAnalyzer</c> (its levels come from
/// <c>Logging:LogAnalyzer:LogLevel</c>, like any provider's) and then from the delegate of <c>AddLogAnalyzer</c>.
/// </summary>
public sealed class LogAnalyzerLoggerOptions
{
    /// <summary>
    /// Whether the properties of enclosing scopes (<c>logger.BeginScope(new Dictionary&lt;string, object?&gt; { ["SessionId"] = … })</c>)
    /// are stored with each entry. Default: <see langword="true"/>.
    /// </summary>
    public bool IncludeScopes { get; set; } = true;

    /// <summary>
    /// Which structured properties fill which <see cref="LogEntry"/> field, matched ignoring case. Default: <c>UserId</c>,
    /// <c>SessionId</c>, <c>RequestPath</c> and <c>Endpoint</c> (endpoint), <c>ErrorCode</c>, <c>Elapsed</c>,
    /// <c>ElapsedMilliseconds</c> and <c>ResponseTime</c> (response time), <c>City</c>, <c>TraceId</c>, <c>SpanId</c>,
    /// <c>Service</c> and <c>Application</c> (service). A mapped property is stored in its field instead of the
    /// property bag; other properties are kept as they are.
    /// </summary>
    public IDictionary<string, LogEntryField> FieldMap { get; } = Ingestion.LogEntryFields.CreateDefaultMap();

    /// <summary>The service name stored with entries that carry none. Default: none.</summary>
    public string? Service { get; set; }

    /// <summary>
    /// The size limits; longer strings are truncated and extra properties left out (an entry is never rejected).
    /// Default: the limits of the pipeline written to: the host's <c>LogAnalyzer:Limits</c> in an app that calls
    /// <c>services.AddLogAnalyzer()</c>, the engine's <see cref="LogAnalyzerOptions.Limits"/> standalone. Set limits of
    /// the provider's own with <c>o.Limits = new LogEntryLimits { MaxMessageLength = 500 }</c> or
    /// <c>Logging:LogAnalyzer:Limits</c>.
    /// </summary>
    public LogEntryLimits? Limits { get; set; }
}
