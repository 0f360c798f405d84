using System.Buffers;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LogAnalyzer.Ai.Chat;

/// <summary>The OpenAI chat-completions wire format, as Cerebras speaks it: the request body and the answers read back.</summary>
internal static class OpenAiWire
{
    public static byte[] WriteRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, AiOptions defaults, bool stream, bool useJsonSchema)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("content", message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("temperature", options?.Temperature ?? defaults.Temperature);
            json.WriteNumber("max_completion_tokens", options?.MaxOutputTokens ?? defaults.MaxTokens);
            if (options?.TopP is { } topP)
            {
                json.WriteNumber("top_p", topP);
            }

            if (options?.Seed is { } seed)
            {
                json.WriteNumber("seed", seed);
            }

            if (options?.StopSequences is { Count: > 0 } stops)
            {
                json.WriteStartArray("stop");
                foreach (var stop in stops)
                {
                    json.WriteStringValue(stop);
                }

                json.WriteEndArray();
            }

            WriteResponseFormat(json, options?.ResponseFormat, useJsonSchema);
            json.WriteBoolean("stream", stream);
            if (stream)
            {
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static ChatResponse ReadResponse(JsonElement root)
    {
        var choice = FirstChoice(root);
        var message = choice is { } c && c.TryGetProperty("message", out var m) ? m : default;
        var text = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : null;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = String(root, "id"),
            ModelId = String(root, "model"),
            CreatedAt = Created(root),
            FinishReason = FinishReason(choice),
            Usage = Usage(root),
        };
    }

    public static IEnumerable<ChatResponseUpdate> ReadChunk(JsonElement root)
    {
        var choice = FirstChoice(root);
        var delta = choice is { } c && c.TryGetProperty("delta", out var d) ? d : default;
        var text = delta.ValueKind == JsonValueKind.Object && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : null;
        var finish = FinishReason(choice);
        if (text is { Length: > 0 } || finish is not null)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, text)
            {
                ResponseId = String(root, "id"),
                ModelId = String(root, "model"),
                CreatedAt = Created(root),
                FinishReason = finish,
            };
        }

        if (Usage(root) is { } usage)
        {
            yield return new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = [new UsageContent(usage)], ModelId = String(root, "model") };
        }
    }

    /// <summary>Whether a failed request failed because the server does not support <c>json_schema</c> output.</summary>
    public static bool RejectsJsonSchema(HttpStatusCode status, string error) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity
        && (error.Contains("json_schema", StringComparison.OrdinalIgnoreCase) || error.Contains("response_format", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the failure says the model does not exist (OpenAI and Cerebras: 404 <c>model_not_found</c>).</summary>
    public static bool IsUnknownModel(HttpStatusCode status, string error) =>
        error.Contains("model_not_found", StringComparison.OrdinalIgnoreCase)
        || (status == HttpStatusCode.NotFound && error.Contains("model", StringComparison.OrdinalIgnoreCase));

    /// <summary>The <c>error.message</c> of an OpenAI-style error body, else the body itself, shortened.</summary>
    public static string ErrorMessage(string error)
    {
        try
        {
            using var document = JsonDocument.Parse(error);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var e))
            {
                if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    return m.GetString()!;
                }

                if (e.ValueKind == JsonValueKind.String)
                {
                    return e.GetString()!;
                }
            }

            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the message.
        }

        return error.Length > 300 ? error[..300] : error;
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, ChatResponseFormat? format, bool useJsonSchema)
    {
        if (format is not ChatResponseFormatJson jsonFormat)
        {
            return;
        }

        json.WriteStartObject("response_format");
        if (jsonFormat.Schema is { } schema && useJsonSchema)
        {
            json.WriteString("type", "json_schema");
            json.WriteStartObject("json_schema");
            json.WriteString("name", jsonFormat.SchemaName ?? "response");
            if (jsonFormat.SchemaDescription is { } description)
            {
                json.WriteString("description", description);
            }

            json.WriteBoolean("strict", true);
            json.WritePropertyName("schema");
            schema.WriteTo(json);
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("type", "json_object");
        }

        json.WriteEndObject();
    }

    private static JsonElement? FirstChoice(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out var choices)
        && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0 && choices[0].ValueKind == JsonValueKind.Object
            ? choices[0]
            : null;

    private static ChatFinishReason? FinishReason(JsonElement? choice) =>
        choice is { } c && c.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String
            ? reason.GetString() switch
            {
                "stop" => ChatFinishReason.Stop,
                "length" => ChatFinishReason.Length,
                "content_filter" => ChatFinishReason.ContentFilter,
                "tool_calls" => ChatFinishReason.ToolCalls,
                var other => new ChatFinishReason(other!),
            }
            : null;

    private static UsageDetails? Usage(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new UsageDetails
        {
            InputTokenCount = Long(usage, "prompt_tokens"),
            OutputTokenCount = Long(usage, "completion_tokens"),
            TotalTokenCount = Long(usage, "total_tokens"),
        };
    }

    private static DateTimeOffset? Created(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("created", out var created)
        && created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
