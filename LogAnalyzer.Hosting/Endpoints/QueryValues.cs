using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Endpoints;

/// <summary>Reads query-string values, collecting a named error for each bad one (answered together as one ProblemDetails).</summary>
internal static class QueryValues
{
    public static int Number(HttpRequest request, string name, int fallback, int min, int max, List<KeyValuePair<string, string>> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new(name, $"'{name}' must be a whole number from {min} to {max}."));
        return fallback;
    }

    public static string? OneOf(HttpRequest request, string name, string[] allowed, List<KeyValuePair<string, string>> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            errors.Add(new(name, $"'{name}' must be one of {string.Join(", ", allowed)}."));
        }

        return match;
    }
}
