using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Endpoints;

/// <summary>How the API reads and writes JSON, and turns unreadable JSON into a problem naming the field.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A number in quotes is a wrong type, not a number.
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
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
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the body as JSON with 'Content-Type: application/json'."));
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
            var last = field.Split('.', '[')[^1];
            var expected = field.Length == 0
                ? "The body is not valid JSON."
                : ExpectedTypes.TryGetValue(last, out var type) ? $"Expected {type}." : "Expected a string.";
            return (null, Invalid(field.Length == 0 ? "body" : field, expected));
        }
    }

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    public static IResult Invalid(IEnumerable<KeyValuePair<string, string>> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Value).ToArray(), StringComparer.Ordinal),
            title: "The request is not valid.");

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
