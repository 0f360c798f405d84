using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Endpoints;

/// <summary>Reads query-string values, collecting a named error for each bad one (answered together as one ProblemDetails).</summary>
internal static class QueryValues
{
    /// <summary>
    /// The parameter's value, or "" when it is absent. Given more than once, it is an error of its own (rather than
    /// the values joined by commas, which read as a wrong number or match nothing), and "".
    /// </summary>
    public static string Single(IQueryCollection query, string name, ICollection<KeyValuePair<string, string>> errors)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            errors.Add(new(name, $"'{name}' is given {values.Count} times; give it once."));
            return string.Empty;
        }

        return values.ToString();
    }

    public static int Number(HttpRequest request, string name, int fallback, int min, int max, List<KeyValuePair<string, string>> errors) =>
        Number(request.Query, name, fallback, min, max, errors);

    public static int Number(IQueryCollection query, string name, int fallback, int min, int max, List<KeyValuePair<string, string>> errors)
    {
        var text = Single(query, name, errors);
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
        var text = Single(request.Query, name, errors);
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
