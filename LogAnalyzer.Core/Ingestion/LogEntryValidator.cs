using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Ingestion;

/// <summary>Checks an entry against <see cref="LogEntryLimits"/>; each problem names the field it concerns.</summary>
internal sealed class LogEntryValidator(IOptions<LogAnalyzerOptions> options)
{
    private const string NotUnicode = "The text is not valid Unicode: it holds half of a surrogate pair or bytes that are not UTF-8.";
    private const string NameNotUnicode = "A property name here is not valid Unicode: it holds half of a surrogate pair or bytes that are not UTF-8.";
    private static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;
    private readonly LogEntryLimits _limits = options.Value.Limits;

    /// <summary>Adds a (field, problem) pair for each way the entry breaks the limits.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="prefix">Put before each field name, such as <c>logs[3].</c>.</param>
    /// <param name="now">The receive time.</param>
    /// <param name="errors">Where the problems go.</param>
    public void Validate(LogEntry entry, string prefix, DateTimeOffset now, ICollection<KeyValuePair<string, string>> errors)
    {
        if (string.IsNullOrWhiteSpace(entry.Message))
        {
            errors.Add(new(prefix + "message", "The message is required."));
        }

        Text(errors, prefix + "message", entry.Message, _limits.MaxMessageLength);
        Text(errors, prefix + "exception", entry.Exception, _limits.MaxMessageLength);
        Text(errors, prefix + "messageTemplate", entry.MessageTemplate, _limits.MaxMessageLength);
        Text(errors, prefix + "endpoint", entry.Endpoint, _limits.MaxStringLength);
        Text(errors, prefix + "userId", entry.UserId, _limits.MaxStringLength);
        Text(errors, prefix + "sessionId", entry.SessionId, _limits.MaxStringLength);
        Text(errors, prefix + "city", entry.City, _limits.MaxStringLength);
        Text(errors, prefix + "errorCode", entry.ErrorCode, _limits.MaxStringLength);
        Text(errors, prefix + "service", entry.Service, _limits.MaxStringLength);
        Text(errors, prefix + "traceId", entry.TraceId, _limits.MaxStringLength);
        Text(errors, prefix + "spanId", entry.SpanId, _limits.MaxStringLength);

        if (entry.ResponseTime is { } responseTime && (!double.IsFinite(responseTime) || responseTime < 0))
        {
            errors.Add(new(prefix + "responseTime", "The response time must be a finite number of milliseconds, zero or more."));
        }

        if (entry.Timestamp > now + _limits.MaxFutureSkew)
        {
            errors.Add(new(prefix + "timestamp", $"The timestamp is more than {_limits.MaxFutureSkew} ahead of the server's clock."));
        }
        else if (entry.Timestamp < Earliest)
        {
            errors.Add(new(prefix + "timestamp", "The timestamp is before 1970-01-01."));
        }

        if (entry.Properties is { } properties)
        {
            if (properties.Count > _limits.MaxProperties)
            {
                errors.Add(new(prefix + "properties", $"At most {_limits.MaxProperties} properties are allowed; there are {properties.Count}."));
            }

            foreach (var (name, value) in properties)
            {
                if (name.Length == 0 || name.Length > _limits.MaxStringLength)
                {
                    errors.Add(new(prefix + "properties", $"Property names must have 1 to {_limits.MaxStringLength} characters."));
                }
                else if (value is JsonElement json && Inspect(json, prefix + "properties." + name, depth: 1) is { } problem)
                {
                    // Checked before the length: reading such a value is what fails.
                    errors.Add(problem);
                }
                else if (ValueLength(value) > _limits.MaxStringLength)
                {
                    errors.Add(new(prefix + "properties." + name, $"The value is longer than {_limits.MaxStringLength} characters."));
                }
            }
        }
    }

    private static int ValueLength(object? value) => value switch
    {
        string s => s.Length,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!.Length,
        JsonElement e => e.GetRawText().Length,
        _ => 0,
    };

    /// <summary>
    /// The first part of a property value that cannot be stored and read back: nesting deeper than
    /// <see cref="PropertyValues.MaxDepth"/>, or a string or name holding half of a surrogate pair (JSON allows the
    /// escape <c>\ud800</c> alone; no text can hold it).
    /// </summary>
    private static KeyValuePair<string, string>? Inspect(JsonElement value, string path, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(value) ? null : new(path, NotUnicode);
            case JsonValueKind.Object or JsonValueKind.Array when depth > PropertyValues.MaxDepth:
                return new(path, $"Properties may nest at most {PropertyValues.MaxDepth} levels deep.");
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!IsName(property, out var name))
                    {
                        return new(path, NameNotUnicode);
                    }

                    if (Inspect(property.Value, path + "." + name, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    if (Inspect(element, $"{path}[{index++}]", depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsText(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }

    private static void Text(ICollection<KeyValuePair<string, string>> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(field, $"The value is longer than {max} characters."));
        }
        else if (value is not null && value.Contains('\0'))
        {
            // SQLite reads text back as a C string: everything after it would be lost.
            errors.Add(new(field, "The text holds a NUL character (\\u0000), which cannot be stored."));
        }
    }
}
