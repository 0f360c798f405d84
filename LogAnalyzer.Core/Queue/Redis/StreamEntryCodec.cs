using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Queue.Redis;

/// <summary>
/// An analysed entry as one compact JSON value in a stream field: every field the store keeps, so the consumer stores
/// it as the producer built it (patterns, scores and redaction included) without analysing it again.
/// </summary>
internal static class StreamEntryCodec
{
    public static byte[] Encode(LogEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ts", entry.Timestamp.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteNumber("lvl", (int)entry.Level);
            writer.WriteString("msg", entry.Message);
            Optional(writer, "tpl", entry.MessageTemplate);
            Optional(writer, "ep", entry.Endpoint);
            Optional(writer, "uid", entry.UserId);
            Optional(writer, "sid", entry.SessionId);
            Optional(writer, "city", entry.City);
            Optional(writer, "code", entry.ErrorCode);
            if (entry.ResponseTime is { } responseTime && double.IsFinite(responseTime))
            {
                writer.WriteNumber("rt", responseTime);
            }

            Optional(writer, "svc", entry.Service);
            Optional(writer, "tid", entry.TraceId);
            Optional(writer, "span", entry.SpanId);
            Optional(writer, "exc", entry.Exception);
            if (entry.Properties is { Count: > 0 } properties)
            {
                writer.WriteStartObject("props");
                foreach (var (name, value) in properties)
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, value);
                }

                writer.WriteEndObject();
            }

            if (double.IsFinite(entry.AnomalyScore) && entry.AnomalyScore != 0)
            {
                writer.WriteNumber("score", entry.AnomalyScore);
            }

            if (entry.IsAnomaly)
            {
                writer.WriteBoolean("anom", true);
            }

            if (entry.AnomalyReasons.Count > 0)
            {
                writer.WriteStartArray("why");
                foreach (var reason in entry.AnomalyReasons)
                {
                    writer.WriteStringValue(reason);
                }

                writer.WriteEndArray();
            }

            Optional(writer, "pid", entry.PatternId);
            Optional(writer, "ptpl", entry.Template);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads an entry back; <see langword="null"/> when the value is not one (a poison message).</summary>
    public static LogEntry? TryDecode(ReadOnlyMemory<byte> value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("ts", out var ts)
                || !DateTimeOffset.TryParseExact(ts.GetString(), "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp)
                || !root.TryGetProperty("lvl", out var level)
                || !root.TryGetProperty("msg", out var message))
            {
                return null;
            }

            return new LogEntry
            {
                Timestamp = timestamp,
                Level = (LogEntryLevel)level.GetInt32(),
                Message = message.GetString() ?? string.Empty,
                MessageTemplate = String(root, "tpl"),
                Endpoint = String(root, "ep"),
                UserId = String(root, "uid"),
                SessionId = String(root, "sid"),
                City = String(root, "city"),
                ErrorCode = String(root, "code"),
                ResponseTime = root.TryGetProperty("rt", out var rt) ? rt.GetDouble() : null,
                Service = String(root, "svc"),
                TraceId = String(root, "tid"),
                SpanId = String(root, "span"),
                Exception = String(root, "exc"),
                Properties = root.TryGetProperty("props", out var props) ? Properties(props) : null,
                AnomalyScore = root.TryGetProperty("score", out var score) ? score.GetDouble() : 0,
                IsAnomaly = root.TryGetProperty("anom", out var anomaly) && anomaly.GetBoolean(),
                AnomalyReasons = root.TryGetProperty("why", out var why) ? [.. why.EnumerateArray().Select(r => r.GetString() ?? string.Empty)] : [],
                PatternId = String(root, "pid"),
                Template = String(root, "ptpl"),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        try
        {
            PropertyJson.WriteValue(writer, value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A value whose ToString throws fails before anything is written; the batch must still reach the queue.
            writer.WriteStringValue($"(not rendered: {ex.GetType().Name})");
        }
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? String(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static Dictionary<string, object?> Properties(JsonElement props)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in props.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }
}
