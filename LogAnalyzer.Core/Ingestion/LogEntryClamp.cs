using System.Text.Json;

namespace LogAnalyzer.Ingestion;

/// <summary>
/// Brings an entry from a logging integration within <see cref="LogEntryLimits"/> by truncating, never by
/// rejecting: a log call must not fail, and a long message is still worth keeping. The HTTP API instead rejects an
/// entry over the limits (<see cref="LogEntryValidator"/>), because its client can fix and resend it.
/// </summary>
internal static class LogEntryClamp
{
    /// <summary>Put after a truncated string, so that a reader knows the text goes on.</summary>
    public const string Ellipsis = "…";

    /// <summary>The defaults of <see cref="LogEntryLimits"/>, for an integration writing to a pipeline that is not LogAnalyzer's own. Never changed.</summary>
    public static readonly LogEntryLimits DefaultLimits = new();

    /// <summary>The message stored when the producer gave none; the store requires one.</summary>
    public const string EmptyMessage = "(no message)";

    /// <summary>Truncates the entry's strings and properties to the limits, in place.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="limits">The limits.</param>
    /// <returns>The same entry.</returns>
    public static LogEntry Clamp(LogEntry entry, LogEntryLimits limits)
    {
        entry.Message = string.IsNullOrWhiteSpace(entry.Message) ? EmptyMessage : Fit(entry.Message, limits.MaxMessageLength)!;
        entry.Exception = Fit(entry.Exception, limits.MaxMessageLength);
        entry.MessageTemplate = Fit(entry.MessageTemplate, limits.MaxMessageLength);
        var max = limits.MaxStringLength;
        entry.Endpoint = Fit(entry.Endpoint, max);
        entry.UserId = Fit(entry.UserId, max);
        entry.SessionId = Fit(entry.SessionId, max);
        entry.City = Fit(entry.City, max);
        entry.ErrorCode = Fit(entry.ErrorCode, max);
        entry.Service = Fit(entry.Service, max);
        entry.TraceId = Fit(entry.TraceId, max);
        entry.SpanId = Fit(entry.SpanId, max);
        if (entry.ResponseTime is { } responseTime && (!double.IsFinite(responseTime) || responseTime < 0))
        {
            entry.ResponseTime = null;
        }

        if (entry.Properties is { Count: > 0 } properties && !WithinLimits(properties, limits))
        {
            entry.Properties = ClampProperties(properties, limits);
        }

        return entry;
    }

    /// <summary>
    /// A NUL character ends text where SQLite reads it back (as a C string): it is stored as U+FFFD, so that the rest
    /// of the text is kept. (The HTTP API refuses it instead.)
    /// </summary>
    private static string? WithoutNul(string? value) => value is not null && value.Contains('\0') ? value.Replace('\0', '\uFFFD') : value;

    /// <summary>Cuts <paramref name="value"/> to at most <paramref name="max"/> characters, ending with an ellipsis.</summary>
    public static string? Cut(string? value, int max)
    {
        if (value is null || value.Length <= max)
        {
            return value;
        }

        if (max <= Ellipsis.Length)
        {
            return value[..max];
        }

        // Do not split a surrogate pair: a lone half is not valid UTF-8 and SQLite would store a replacement char.
        var keep = max - Ellipsis.Length;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), Ellipsis);
    }

    private static string? Fit(string? value, int max) => Cut(WithoutNul(value), max);

    // The common case (a few short properties) is checked without allocating.
    private static bool WithinLimits(IReadOnlyDictionary<string, object?> properties, LogEntryLimits limits)
    {
        if (properties.Count > limits.MaxProperties)
        {
            return false;
        }

        foreach (var (name, value) in properties)
        {
            if (name.Length == 0 || name.Length > limits.MaxStringLength || ValueLength(value) > limits.MaxStringLength
                || (value is JsonElement json && PropertyValues.TooDeep(json)))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, object?> ClampProperties(IReadOnlyDictionary<string, object?> properties, LogEntryLimits limits)
    {
        var max = limits.MaxStringLength;
        var result = new Dictionary<string, object?>(Math.Min(properties.Count, limits.MaxProperties), StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (result.Count >= limits.MaxProperties)
            {
                break;
            }

            if (name.Length == 0)
            {
                continue;
            }

            var key = Cut(name, max)!;
            result[key] = value switch
            {
                // A structure too long or too deep to keep whole is kept as (the start of) its JSON text.
                JsonElement e when PropertyValues.TooDeep(e) => Cut(e.GetRawText(), max),
                _ when ValueLength(value) <= max => value,
                string s => Cut(s, max),
                JsonElement e => Cut(e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(), max),
                _ => value,
            };
        }

        return result;
    }

    private static int ValueLength(object? value) => value switch
    {
        string s => s.Length,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!.Length,
        JsonElement e => e.GetRawText().Length,
        _ => 0,
    };
}
