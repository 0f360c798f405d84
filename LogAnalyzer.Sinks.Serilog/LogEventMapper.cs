using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace LogAnalyzer.Serilog;

/// <summary>
/// Turns a Serilog <see cref="LogEvent"/> into a <see cref="LogEntry"/> within the sink's limits, or else the limits of
/// the pipeline the event goes to.
/// </summary>
internal sealed class LogEventMapper(Dictionary<string, LogEntryField> fieldMap, string? service, LogEntryLimits? limits) : IEntryMaterializer
{
    // As Serilog's console and file sinks show it by default: strings without quotes, structures as JSON, so an event
    // reads the same whether it came through Serilog or Microsoft.Extensions.Logging.
    private static readonly MessageTemplateTextFormatter MessageFormat = new("{Message:lj}", CultureInfo.InvariantCulture);

    public LogEntry Materialize(object captured, LogEntryLimits pipelineLimits) => Map((LogEvent)captured, limits ?? pipelineLimits);

    /// <summary>For a pipeline that is not LogAnalyzer's own (it takes entries, not events): the sink's limits or the defaults.</summary>
    public LogEntry Map(LogEvent logEvent) => Map(logEvent, limits ?? LogEntryClamp.DefaultLimits);

    private LogEntry Map(LogEvent logEvent, LogEntryLimits limits)
    {
        var entry = new LogEntry
        {
            Timestamp = logEvent.Timestamp.ToUniversalTime(),
            Level = PropertyValues.Level((int)logEvent.Level),
            Message = Render(logEvent),
            MessageTemplate = logEvent.MessageTemplate.Text,
            Exception = ExceptionText.Of(logEvent.Exception),
        };

        var bag = new PropertyBag(logEvent.Properties.Count);
        entry.Properties = bag;
        // Serilog lists the template's properties before its enrichers' (a LogContext's, say): the event's own value
        // takes the field, and another property mapped to it (a name differing only in case) stays a property.
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue scalar && fieldMap.TryGetValue(name, out var field) && !LogEntryFields.IsSet(entry, field) && LogEntryFields.TrySet(entry, field, scalar.Value))
            {
                continue;
            }

            bag.TryAdd(name, Convert(value), limits.MaxProperties);
        }

        if (entry.TraceId is null && logEvent.TraceId is { } traceId)
        {
            entry.TraceId = traceId.ToHexString();
        }

        if (entry.SpanId is null && logEvent.SpanId is { } spanId)
        {
            entry.SpanId = spanId.ToHexString();
        }

        entry.Service ??= service;
        return LogEntryClamp.Clamp(entry, limits);
    }

    private static string Render(LogEvent logEvent)
    {
        try
        {
            using var message = new StringWriter(CultureInfo.InvariantCulture);
            MessageFormat.Format(logEvent, message);
            return message.ToString();
        }
        catch (Exception ex)
        {
            // A property's ToString threw, or the text outgrew the runtime's string limit (OutOfMemoryException):
            // keep the event with its template rather than lose it, or the writer.
            return $"{logEvent.MessageTemplate.Text} (the message could not be rendered: {ex.GetType().Name})";
        }
    }

    /// <summary>Scalars keep their value; structures, sequences and dictionaries become JSON.</summary>
    internal static object? Convert(LogEventPropertyValue value)
    {
        if (value is ScalarValue scalar)
        {
            return PropertyValues.Normalize(scalar.Value);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, depth: 0);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, LogEventPropertyValue value, int depth)
    {
        // Serilog already bounds destructuring depth (10 by default); this holds a custom value to the API's bound.
        if (depth >= PropertyValues.MaxDepth && value is not ScalarValue)
        {
            writer.WriteNullValue();
            return;
        }

        switch (value)
        {
            case ScalarValue scalar:
                PropertyJson.WriteValue(writer, PropertyValues.Normalize(scalar.Value));
                break;
            case SequenceValue sequence:
                writer.WriteStartArray();
                foreach (var element in sequence.Elements)
                {
                    Write(writer, element, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case StructureValue structure:
                writer.WriteStartObject();
                if (structure.TypeTag is { } typeTag)
                {
                    writer.WriteString("$type", typeTag);
                }

                foreach (var property in structure.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                writer.WriteStartObject();
                foreach (var (key, element) in dictionary.Elements)
                {
                    writer.WritePropertyName(System.Convert.ToString(key.Value, CultureInfo.InvariantCulture) ?? "null");
                    Write(writer, element, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.ToString(null, CultureInfo.InvariantCulture));
                break;
        }
    }
}
