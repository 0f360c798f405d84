using System.Diagnostics;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Ingestion;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Logging;

/// <summary>One category's logger. Builds the entry on the caller's thread and queues it; never blocks or throws.</summary>
internal sealed class LogAnalyzerLogger(string category, LogAnalyzerLoggerProvider provider) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.ScopeProvider?.Push(state);

    // Suppressed flows (the pipeline's writer) report disabled, so generated logging code skips even the formatting.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && !SelfLogSuppression.IsActive;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        try
        {
            var pipeline = provider.Source.TryGet();
            if (pipeline is not null)
            {
                pipeline.TryEnqueue(Build(logLevel, eventId, state, exception, formatter));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A formatter or a property's ToString threw: logging must never take the app down; the event is lost.
        }
    }

    private LogEntry Build<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var limits = provider.Limits;
        var entry = new LogEntry
        {
            Timestamp = provider.Time.GetUtcNow(),
            Level = PropertyValues.Level((int)logLevel),
            Message = formatter(state, exception),
            Exception = exception?.ToString(),
        };

        var count = state is IReadOnlyList<KeyValuePair<string, object?>> list ? list.Count : 0;
        var bag = new PropertyBag(count + 2);
        entry.Properties = bag;
        for (var i = 0; i < count; i++)
        {
            var (name, value) = ((IReadOnlyList<KeyValuePair<string, object?>>)state!)[i];
            if (name == OriginalFormat)
            {
                entry.MessageTemplate = value as string;
            }
            else if (!provider.FieldMap.TryGetValue(name, out var field) || !LogEntryFields.TrySet(entry, field, value))
            {
                bag.TryAdd(name, PropertyValues.Normalize(value), limits.MaxProperties);
            }
        }

        bag.TryAdd("Category", category, limits.MaxProperties);
        if (eventId.Id != 0)
        {
            bag.TryAdd("EventId", eventId.Id, limits.MaxProperties);
        }

        if (eventId.Name is { } eventName)
        {
            bag.TryAdd("EventName", eventName, limits.MaxProperties);
        }

        if (provider.IncludeScopes && provider.ScopeProvider is { } scopes)
        {
            scopes.ForEachScope(static (scope, target) => AddScope(scope, target.Entry, target.Bag, target.Provider), (Entry: entry, Bag: bag, Provider: provider));
        }

        if (entry.TraceId is null && Activity.Current is { } activity && activity.IdFormat == ActivityIdFormat.W3C)
        {
            entry.TraceId = activity.TraceId.ToHexString();
            entry.SpanId ??= activity.SpanId.ToHexString();
        }

        entry.Service ??= provider.Service;
        return LogEntryClamp.Clamp(entry, limits);
    }

    private static void AddScope(object? scope, LogEntry entry, PropertyBag bag, LogAnalyzerLoggerProvider provider)
    {
        var max = provider.Limits.MaxProperties;
        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (name, value) in pairs)
            {
                if (name == OriginalFormat)
                {
                    continue;
                }

                if (provider.FieldMap.TryGetValue(name, out var field))
                {
                    // The event's own value, and an inner scope's, win over an outer scope's.
                    if (LogEntryFields.IsSet(entry, field) || LogEntryFields.TrySet(entry, field, value))
                    {
                        continue;
                    }
                }

                bag.TryAdd(name, PropertyValues.Normalize(value), max);
            }
        }
        else if (scope is not null)
        {
            bag.TryAdd("Scope", PropertyValues.Normalize(scope), max);
        }
    }
}
