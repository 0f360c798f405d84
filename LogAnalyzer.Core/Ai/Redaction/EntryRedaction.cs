using System.Buffers;
using System.Text.Json;

namespace LogAnalyzer.Ai.Redaction;

/// <summary>
/// Redacts an entry in place before it is stored: its message, template, exception and endpoint, and its properties — a
/// property named like a secret (password, token, api_key, cookie...) loses its whole value; string values, also
/// inside JSON, are redacted like text.
/// </summary>
internal sealed class EntryRedaction(LogRedactor redactor)
{
    private const string Redacted = "[redacted]";

    public void Redact(LogEntry entry)
    {
        try
        {
            RedactFields(entry);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Fail closed: an entry that could not be redacted keeps none of its free text.
            entry.Message = $"[not kept: redaction failed ({ex.GetType().Name})]";
            (entry.MessageTemplate, entry.Exception, entry.Endpoint, entry.Properties) = (null, null, null, null);
        }
    }

    private void RedactFields(LogEntry entry)
    {
        entry.Message = redactor.Redact(entry.Message);
        // An interpolated message is its own template; the template is stored and shown as the pattern.
        entry.MessageTemplate = redactor.RedactOrNull(entry.MessageTemplate);
        entry.Exception = redactor.RedactOrNull(entry.Exception);
        entry.Endpoint = redactor.RedactOrNull(entry.Endpoint);
        if (entry.Properties is { Count: > 0 } properties && NeedsRewrite(properties))
        {
            var redacted = new Dictionary<string, object?>(properties.Count, StringComparer.Ordinal);
            foreach (var (name, value) in properties)
            {
                redacted[name] = LogRedactor.IsSecretName(name) ? Redacted : RedactValue(value);
            }

            entry.Properties = redacted;
        }
    }

    private bool NeedsRewrite(IReadOnlyDictionary<string, object?> properties)
    {
        foreach (var (name, value) in properties)
        {
            if (LogRedactor.IsSecretName(name)
                || (value is string text && !ReferenceEquals(text, redactor.Redact(text)))
                || value is JsonElement { ValueKind: JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Array })
            {
                return true;
            }
        }

        return false;
    }

    private object? RedactValue(object? value) => value switch
    {
        string text => redactor.Redact(text),
        JsonElement { ValueKind: JsonValueKind.String } json => redactor.Redact(json.GetString()!),
        JsonElement { ValueKind: JsonValueKind.Object or JsonValueKind.Array } json => RedactJson(json),
        _ => value,
    };

    private JsonElement RedactJson(JsonElement json)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, json);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private void Write(Utf8JsonWriter writer, JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in json.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (LogRedactor.IsSecretName(property.Name))
                    {
                        writer.WriteStringValue(Redacted);
                    }
                    else
                    {
                        Write(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in json.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(redactor.Redact(json.GetString()!));
                break;
            default:
                json.WriteTo(writer);
                break;
        }
    }
}
