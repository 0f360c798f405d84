using LogAnalyzer.Ingestion;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Logging;

/// <summary>
/// The Microsoft.Extensions.Logging provider: each logger turns a log call into a <see cref="LogEntry"/> and hands
/// it to the pipeline without waiting. Configured as <c>Logging:LogAnalyzer</c> through its alias.
/// </summary>
[ProviderAlias("LogAnalyzer")]
internal sealed class LogAnalyzerLoggerProvider : ILoggerProvider, ISupportExternalScope, IAsyncDisposable
{
    /// <summary>The library's own categories: never ingested, so that its diagnostics cannot feed back.</summary>
    internal const string OwnCategoryPrefix = "LogAnalyzer";

    public LogAnalyzerLoggerProvider(PipelineSource source, LogAnalyzerLoggerOptions options, TimeProvider time)
    {
        Source = source;
        Time = time;
        IncludeScopes = options.IncludeScopes;
        Service = options.Service;
        Limits = options.Limits;
        FieldMap = LogEntryFields.Snapshot(options.FieldMap);
    }

    internal PipelineSource Source { get; }

    internal TimeProvider Time { get; }

    internal bool IncludeScopes { get; }

    internal string? Service { get; }

    /// <summary>The provider's own limits; <see langword="null"/> for the pipeline's.</summary>
    internal LogEntryLimits? Limits { get; }

    internal Dictionary<string, LogEntryField> FieldMap { get; }

    internal IExternalScopeProvider? ScopeProvider { get; private set; }

    public ILogger CreateLogger(string categoryName) =>
        IsOwnCategory(categoryName) ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : new LogAnalyzerLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

    // The pipeline belongs to the host or to the app's engine, which drain it when they stop.
    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static bool IsOwnCategory(string category) =>
        category.StartsWith(OwnCategoryPrefix, StringComparison.Ordinal)
        && (category.Length == OwnCategoryPrefix.Length || category[OwnCategoryPrefix.Length] == '.');
}
