using System.Text.Json;

namespace LogAnalyzer.Ai.Chat;

/// <summary>
/// Reads a model's JSON answer tolerantly: a Markdown code fence around it, or prose before and after it, are
/// stripped; anything that is still not one JSON object is refused with the reason. The result is only ever read
/// as data.
/// </summary>
internal static class StructuredOutput
{
    /// <summary>Longest answer accepted, in characters; longer ones are refused rather than parsed.</summary>
    public const int MaxAnswerLength = 64_000;

    public static bool TryParseObject(string? answer, out JsonDocument? document, out string? error)
    {
        document = null;
        if (string.IsNullOrWhiteSpace(answer))
        {
            error = "the answer was empty";
            return false;
        }

        if (answer.Length > MaxAnswerLength)
        {
            error = $"the answer was {answer.Length:N0} characters long, more than the {MaxAnswerLength:N0} accepted";
            return false;
        }

        var json = Unfence(answer.AsSpan().Trim());
        var start = json.IndexOf('{');
        var end = json.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            error = "the answer held no JSON object";
            return false;
        }

        try
        {
            document = JsonDocument.Parse(json[start..(end + 1)].ToString(), new JsonDocumentOptions { MaxDepth = 16 });
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"the answer was not valid JSON ({ex.Message})";
            return false;
        }
    }

    /// <summary>The string property <paramref name="name"/>, trimmed and cut to <paramref name="maxLength"/>; <see langword="null"/> when absent or not a string.</summary>
    public static string? String(JsonElement element, string name, int maxLength)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!.Trim();
        return text.Length <= maxLength ? text : text[..maxLength].TrimEnd() + "…";
    }

    /// <summary>Up to <paramref name="maxItems"/> non-empty strings of the array property <paramref name="name"/>, each cut to <paramref name="maxLength"/>.</summary>
    public static List<string> Strings(JsonElement element, string name, int maxItems, int maxLength)
    {
        var list = new List<string>();
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (list.Count == maxItems)
                {
                    break;
                }

                if (item.ValueKind == JsonValueKind.String && item.GetString()!.Trim() is { Length: > 0 } text)
                {
                    list.Add(text.Length <= maxLength ? text : text[..maxLength].TrimEnd() + "…");
                }
            }
        }

        return list;
    }

    private static ReadOnlySpan<char> Unfence(ReadOnlySpan<char> text)
    {
        if (!text.StartsWith("```"))
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n');
        if (firstLineEnd < 0)
        {
            return text;
        }

        var body = text[(firstLineEnd + 1)..];
        var close = body.LastIndexOf("```");
        return (close >= 0 ? body[..close] : body).Trim();
    }
}
