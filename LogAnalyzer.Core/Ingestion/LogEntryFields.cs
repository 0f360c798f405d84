using System.Globalization;

namespace LogAnalyzer.Ingestion;

/// <summary>The default property-to-field map of the logging integrations, and how a value fills a field.</summary>
internal static class LogEntryFields
{
    /// <summary>
    /// A new copy of the default map. Property names are matched ignoring case, as the names used for the same thing
    /// differ between libraries (ASP.NET Core's <c>RequestPath</c>, Serilog request logging's <c>Elapsed</c>).
    /// </summary>
    public static Dictionary<string, LogEntryField> CreateDefaultMap() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["UserId"] = LogEntryField.UserId,
        ["SessionId"] = LogEntryField.SessionId,
        ["RequestPath"] = LogEntryField.Endpoint,
        ["Endpoint"] = LogEntryField.Endpoint,
        ["ErrorCode"] = LogEntryField.ErrorCode,
        ["Elapsed"] = LogEntryField.ResponseTime,
        ["ElapsedMilliseconds"] = LogEntryField.ResponseTime,
        ["ResponseTime"] = LogEntryField.ResponseTime,
        ["City"] = LogEntryField.City,
        ["TraceId"] = LogEntryField.TraceId,
        ["SpanId"] = LogEntryField.SpanId,
        ["Service"] = LogEntryField.Service,
        ["Application"] = LogEntryField.Service,
    };

    /// <summary>A case-insensitive, read-only snapshot of a configured map, taken once so the hot path never sees it change.</summary>
    public static Dictionary<string, LogEntryField> Snapshot(IDictionary<string, LogEntryField>? map) =>
        map is null ? CreateDefaultMap() : new Dictionary<string, LogEntryField>(map, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="field"/> already has a value (an event's own property wins over a scope's).</summary>
    public static bool IsSet(LogEntry entry, LogEntryField field) => field switch
    {
        LogEntryField.Endpoint => entry.Endpoint is not null,
        LogEntryField.UserId => entry.UserId is not null,
        LogEntryField.SessionId => entry.SessionId is not null,
        LogEntryField.City => entry.City is not null,
        LogEntryField.ErrorCode => entry.ErrorCode is not null,
        LogEntryField.ResponseTime => entry.ResponseTime is not null,
        LogEntryField.Service => entry.Service is not null,
        LogEntryField.TraceId => entry.TraceId is not null,
        LogEntryField.SpanId => entry.SpanId is not null,
        _ => false,
    };

    /// <summary>Fills <paramref name="field"/> from a property value. Returns false when the value does not fit the field.</summary>
    public static bool TrySet(LogEntry entry, LogEntryField field, object? value)
    {
        if (value is null)
        {
            return false;
        }

        if (field == LogEntryField.ResponseTime)
        {
            double? ms = value switch
            {
                TimeSpan t => t.TotalMilliseconds,
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                decimal m => (double)m,
                short s => s,
                uint u => u,
                ulong u => u,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
            if (ms is null)
            {
                return false;
            }

            entry.ResponseTime = ms;
            return true;
        }

        var text = value as string ?? TextOf(value);
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        switch (field)
        {
            case LogEntryField.Endpoint: entry.Endpoint = text; break;
            case LogEntryField.UserId: entry.UserId = text; break;
            case LogEntryField.SessionId: entry.SessionId = text; break;
            case LogEntryField.City: entry.City = text; break;
            case LogEntryField.ErrorCode: entry.ErrorCode = text; break;
            case LogEntryField.Service: entry.Service = text; break;
            case LogEntryField.TraceId: entry.TraceId = text; break;
            case LogEntryField.SpanId: entry.SpanId = text; break;
            default: return false;
        }

        return true;
    }

    // A value whose ToString throws does not fit a field; it is kept as a property, with a note.
    private static string? TextOf(object value)
    {
        try
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }
}
