using System.Collections.Concurrent;
using System.Diagnostics;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Logging;

/// <summary>
/// A log call as captured on the app's thread: its state, formatter and exception, its scopes' name/value pairs, its
/// time and trace context. Pooled per state type, so capturing allocates nothing once warm. The writer renders the
/// message later, as OpenTelemetry's batch processor does, only for states that are values by construction: the
/// structs of <c>[LoggerMessage]</c> and <c>LoggerMessage.Define</c>, and the argument list of <c>LogInformation</c>
/// and its siblings. Any other state (ASP.NET Core's request logs hold the live <c>HttpContext</c>, which is reused
/// once the request ends) is rendered and copied at once.
/// </summary>
internal sealed class CapturedLogEvent<TState>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private const int MaxPooled = 1024;

    private static readonly ConcurrentQueue<CapturedLogEvent<TState>> Pool = new();

    /// <summary>Whether the state can be read after the call returns: a struct, or the extension methods' argument list.</summary>
    private static readonly bool RenderLater =
        typeof(TState).IsValueType || typeof(TState).FullName == "Microsoft.Extensions.Logging.FormattedLogValues";
    private static int s_pooled;

    private readonly List<KeyValuePair<string, object?>> _scopes = [];
    private readonly List<KeyValuePair<string, object?>> _pairs = [];
    private string? _message;
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
        captured._exception = exception;
        captured._formatter = formatter;
        captured._timestamp = provider.Time.GetUtcNow();
        if (RenderLater)
        {
            captured._state = state;
        }
        else
        {
            captured._message = Render(state, exception, formatter);
            CopyPairs(state, captured._pairs);
        }
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            (captured._traceId, captured._spanId, captured._hasActivity) = (activity.TraceId, activity.SpanId, true);
        }

        if (provider.IncludeScopes && provider.ScopeProvider is { } scopes)
        {
            scopes.ForEachScope(static (scope, target) => CopyScope(scope, target), captured._scopes);
        }

        return captured;
    }

    /// <summary>Builds the entry and returns this object to the pool.</summary>
    /// <param name="pipelineLimits">The pipeline's limits, which apply unless the provider has its own.</param>
    public LogEntry ToEntry(LogEntryLimits pipelineLimits)
    {
        try
        {
            return Build(_logger.Provider.Limits ?? pipelineLimits);
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
        _message = null;
        _scopes.Clear();
        _pairs.Clear();
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

    private LogEntry Build(LogEntryLimits limits)
    {
        var provider = _logger.Provider;
        var entry = new LogEntry
        {
            Timestamp = _timestamp,
            Level = PropertyValues.Level((int)_level),
            Message = _message ?? Render(_state, _exception, _formatter),
            Exception = ExceptionText.Of(_exception),
        };

        if (RenderLater)
        {
            CopyPairs(_state, _pairs);
        }

        var bag = new PropertyBag(_pairs.Count + 2);
        entry.Properties = bag;
        foreach (var (name, value) in _pairs)
        {
            if (name is null)
            {
                continue; // An app's state can hold a pair with no name: nothing to file it under.
            }

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

        foreach (var (name, value) in _scopes)
        {
            AddScopePair(name, value, entry, bag, provider, limits);
        }

        if (entry.TraceId is null && _hasActivity)
        {
            entry.TraceId = _traceId.ToHexString();
            entry.SpanId ??= _spanId.ToHexString();
        }

        entry.Service ??= provider.Service;
        return LogEntryClamp.Clamp(entry, limits);
    }

    private static string Render(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            return formatter(state, exception);
        }
        catch (Exception ex)
        {
            // A property's ToString threw, or the text outgrew the runtime's string limit (OutOfMemoryException):
            // keep the event with its template rather than lose it, or the writer.
            var template = state is IReadOnlyList<KeyValuePair<string, object?>> pairs && pairs.Count > 0 && pairs[^1].Key == OriginalFormat
                ? pairs[^1].Value as string
                : null;
            return $"{template ?? state?.GetType().Name} (the message could not be rendered: {ex.GetType().Name})";
        }
    }

    /// <summary>
    /// Copies the state's name/value pairs; a pair that fails to read is left out, the others kept (a template with
    /// more placeholders than arguments fails on the missing ones, yet still gives its <c>{OriginalFormat}</c>).
    /// </summary>
    private static void CopyPairs(TState state, List<KeyValuePair<string, object?>> target)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            return;
        }

        int count;
        try
        {
            count = pairs.Count;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return; // The app's state threw while being read; the message already says what happened.
        }

        for (var i = 0; i < count; i++)
        {
            try
            {
                target.Add(pairs[i]);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // This pair cannot be read; the rest still can.
            }
        }
    }

    /// <summary>A scope's pairs are copied at the call (a scope may change or end right after); anything else becomes "Scope".</summary>
    private static void CopyScope(object? scope, List<KeyValuePair<string, object?>> target)
    {
        try
        {
            switch (scope)
            {
                case IReadOnlyList<KeyValuePair<string, object?>> list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        target.Add(list[i]);
                    }

                    break;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    target.AddRange(pairs);
                    break;
                case null:
                    break;
                default:
                    target.Add(new("Scope", PropertyValues.Normalize(scope)));
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A scope that throws while being read is left out.
        }
    }

    private static void AddScopePair(string? name, object? value, LogEntry entry, PropertyBag bag, LogAnalyzerLoggerProvider provider, LogEntryLimits limits)
    {
        if (name is null or OriginalFormat)
        {
            return;
        }

        // The event's own value, and an inner scope's, win over an outer scope's.
        if (provider.FieldMap.TryGetValue(name, out var field) && (LogEntryFields.IsSet(entry, field) || LogEntryFields.TrySet(entry, field, value)))
        {
            return;
        }

        bag.TryAdd(name, PropertyValues.Normalize(value), limits.MaxProperties);
    }

    private sealed class EntryMaterializer : IEntryMaterializer
    {
        public LogEntry Materialize(object captured, LogEntryLimits limits) => ((CapturedLogEvent<TState>)captured).ToEntry(limits);
    }
}
