using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LogAnalyzer.Endpoints;

/// <summary>How the API reads and writes JSON, and turns unreadable JSON into a problem naming the field.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A number in quotes is a wrong type, not a number.
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // A name given twice would mean one thing here and another to the next reader of the same body.
        AllowDuplicateProperties = false,

        // Room for stored properties (PropertyValues.MaxDepth levels, or deeper from an earlier version) inside the
        // responses' own nesting; a read hitting it is a 400 like any other unreadable body.
        MaxDepth = 64,
    };

    private static readonly Dictionary<string, string> ExpectedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["responseTime"] = "a number",
        ["timestamp"] = "an ISO 8601 date and time string",
        ["properties"] = "an object",
        ["logs"] = "an array of log objects",
        ["timeRange"] = "a whole number of hours",
    };

    /// <summary>Reads the body as <typeparamref name="T"/>; on failure returns the 400 or 415 to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType() || !IsUtf8(request.ContentType))
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the body as UTF-8 JSON with 'Content-Type: application/json'."));
        }

        // Request decompression middleware removes the header once it has unwrapped the body; a header still here
        // means the body is still encoded.
        if (request.Headers.ContentEncoding is { Count: > 0 } encoding && !string.Equals(encoding.ToString(), "identity", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported content encoding",
                detail: $"'Content-Encoding: {encoding}' is not decoded here: send the body uncompressed, or add app.UseRequestDecompression() to the host."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null
                ? (null, Invalid("body", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            return (null, Invalid(field.Length == 0 ? "body" : field, Problem(ex, field)));
        }
    }

    /// <summary>What is wrong where the body could not be read: its JSON, its text, or the type of a value.</summary>
    private static string Problem(JsonException ex, string field)
    {
        // System.Text.Json tells these apart only in its messages, which are not localized; a wrong type is also an
        // InvalidOperationException inside, so anything not recognized here is reported as a wrong type.
        switch (ex.InnerException)
        {
            // "Cannot transcode invalid UTF-8 JSON text to UTF-16" names both: UTF-8 first.
            case InvalidOperationException text when Mentions(text, "invalid UTF-8", "UTF8"):
                return "The text is not valid UTF-8.";
            case InvalidOperationException text when Mentions(text, "UTF-16", "UTF16"):
                return "The text is not valid Unicode: it holds half of a surrogate pair.";
            case JsonException reader:
                // The reader's own words (an unexpected character, an unfinished value, nesting too deep), without
                // the position it appends, which the field already gives.
                var words = reader.Message;
                var cut = words.IndexOf(" LineNumber:", StringComparison.Ordinal);
                return $"The body is not valid JSON here: {(cut > 0 ? words[..cut].TrimEnd(' ', '|', '.') : words)}.";
        }

        if (field.Length == 0)
        {
            return "The body must be a JSON object.";
        }

        if (ex.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return "A name appears more than once in the same object here (names match ignoring case).";
        }

        if (field.EndsWith(']') && field.StartsWith("logs[", StringComparison.Ordinal) && field.IndexOf('.') < 0)
        {
            return "Expected a log object.";
        }

        return ExpectedTypes.TryGetValue(field.Split('.', '[')[^1], out var type) ? $"Expected {type}." : "Expected a string.";
    }

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    public static IResult Invalid(IEnumerable<KeyValuePair<string, string>> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Value).ToArray(), StringComparer.Ordinal),
            title: "The request is not valid.");

    // JSON is UTF-8 (RFC 8259); a body declared otherwise would be read as garbage.
    private static bool IsUtf8(string? contentType) =>
        !MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.Charset.HasValue
        || HeaderUtilities.RemoveQuotes(type.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase)
        || HeaderUtilities.RemoveQuotes(type.Charset).Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static bool Mentions(Exception exception, string word, string key) =>
        exception.Message.Contains(word, StringComparison.Ordinal) || exception.Message.Contains(key, StringComparison.Ordinal);

    /// <summary>Turns System.Text.Json's path (<c>$.logs[3].level</c>) into the field name the client sent (<c>logs[3].level</c>).</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
