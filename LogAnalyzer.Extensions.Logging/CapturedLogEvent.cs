using System.Collections.Concurrent;
using System.Diagnostics;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Logging;

/// <summary>
/// A log call as captured on the app's thread: references to its state, formatter, exception and scopes, its time
/// and trace context. Pooled per state type, so capturing allocates nothing once warm; the writer renders the
/// message and properties later, as OpenTelemetry's batch processor does, so values must not change after the call.
/// </summary>
internal sealed class CapturedLogEvent<TState>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private const int MaxPooled = 1024;

    private static readonly ConcurrentQueue<CapturedLogEvent<TState>> Pool = new();
    private static int s_pooled;

    private readonly List<object?> _scopes = [];
    private LogAnalyzerLogger _logger = null!;
    private LogLevel _level;
    private EventId _eventId;
    private TState _state = default!;
    private Exception? _exception;
    private Func<TState, Exception?, string> _formatter = null!;
    private DateTimeOffset _timestamp;
    private ActivityTraceId _traceId;
    private ActivitySpanId _spanId;
    private bool _hasActivity;

    /// <summary>Builds the entries of this state type on the writer.</summary>
    public static IEntryMaterializer Materializer { get; } = new EntryMaterializer();

    public static CapturedLogEvent<TState> Capture(
        LogAnalyzerLogger logger, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var captured = Rent();
        var provider = logger.Provider;
        captured._logger = logger;
        captured._level = level;
        captured._eventId = eventId;
        captured._state = state;
        captured._exception = exception;
        captured._formatter = formatter;
        captured._timestamp = provider.Time.GetUtcNow();
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            (captured._traceId, captured._spanId, captured._hasActivity) = (activity.TraceId, activity.SpanId, true);
        }

        if (provider.IncludeScopes && provider.ScopeProvider is { } scopes)
        {
            scopes.ForEachScope(static (scope, target) => target.Add(scope), captured._scopes);
        }

        return captured;
    }

    /// <summary>Builds the entry and returns this object to the pool.</summary>
    public LogEntry ToEntry()
    {
        try
        {
            return Build();
        }
        finally
        {
            Return();
        }
    }

    public void Return()
    {
        _logger = null!;
        _state = default!;
        _exception = null;
        _formatter = null!;
        _scopes.Clear();
        _hasActivity = false;
        if (Interlocked.Increment(ref s_pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }

    private static CapturedLogEvent<TState> Rent()
    {
        if (Pool.TryDequeue(out var pooled))
        {
            Interlocked.Decrement(ref s_pooled);
            return pooled;
        }

        return new CapturedLogEvent<TState>();
    }

    private LogEntry Build()
    {
        var provider = _logger.Provider;
        var limits = provider.Limits;
        var entry = new LogEntry
        {
            Timestamp = _timestamp,
            Level = PropertyValues.Level((int)_level),
            Message = Render(),
            Exception = _exception?.ToString(),
        };

        var pairs = _state as IReadOnlyList<KeyValuePair<string, object?>>;
        var count = pairs?.Count ?? 0;
        var bag = new PropertyBag(count + 2);
        entry.Properties = bag;
        for (var i = 0; i < count; i++)
        {
            var (name, value) = pairs![i];
            if (name == OriginalFormat)
            {
                entry.MessageTemplate = value as string;
            }
            else if (!provider.FieldMap.TryGetValue(name, out var field) || !LogEntryFields.TrySet(entry, field, value))
            {
                bag.TryAdd(name, PropertyValues.Normalize(value), limits.MaxProperties);
            }
        }

        bag.TryAdd("Category", _logger.Category, limits.MaxProperties);
        if (_eventId.Id != 0)
        {
            bag.TryAdd("EventId", _eventId.Id, limits.MaxProperties);
        }

        if (_eventId.Name is { } eventName)
        {
            bag.TryAdd("EventName", eventName, limits.MaxProperties);
        }

        foreach (var scope in _scopes)
        {
            AddScope(scope, entry, bag, provider);
        }

        if (entry.TraceId is null && _hasActivity)
        {
            entry.TraceId = _traceId.ToHexString();
            entry.SpanId ??= _spanId.ToHexString();
        }

        entry.Service ??= provider.Service;
        return LogEntryClamp.Clamp(entry, limits);
    }

    private string Render()
    {
        try
        {
            return _formatter(_state, _exception);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A property's ToString threw: keep the event with its template rather than lose it.
            var template = _state is IReadOnlyList<KeyValuePair<string, object?>> pairs && pairs.Count > 0 && pairs[^1].Key == OriginalFormat
                ? pairs[^1].Value as string
                : null;
            return $"{template ?? _state?.GetType().Name} (the message could not be rendered: {ex.GetType().Name})";
        }
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

    private sealed class EntryMaterializer : IEntryMaterializer
    {
        public LogEntry Materialize(object captured) => ((CapturedLogEvent<TState>)captured).ToEntry();
    }
}
