using System.Globalization;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Endpoints;

/// <summary>Reads the query string of <c>GET /api/logs</c>; every bad parameter is reported by name.</summary>
internal static class LogQueryParser
{
    public static LogQuery Parse(IQueryCollection query, ApiOptions api, LogEntryLimits limits, List<KeyValuePair<string, string>> errors)
    {
        var levels = new List<LogEntryLevel>();
        foreach (var value in query["level"])
        {
            foreach (var name in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (LogEntryLevels.TryParse(name, out var level))
                {
                    levels.Add(level);
                }
                else
                {
                    errors.Add(new("level", $"Unknown level '{Truncate(name)}'."));
                }
            }
        }

        var limit = QueryValues.Number(query, "limit", api.DefaultPageSize, 1, api.MaxPageSize, errors);
        var page = QueryValues.Number(query, "page", 1, 1, 1_000_000, errors);
        var from = Time(query, "from", errors);
        var to = Time(query, "to", errors);
        if (from is not null && to is not null && from > to)
        {
            errors.Add(new("from", "'from' must not be after 'to'."));
        }

        return new LogQuery
        {
            Levels = levels,
            Limit = limit,
            Page = page,
            From = from,
            To = to,
            AnomalyOnly = Bool(query, "anomalyOnly", errors),
            Endpoint = Text(query, "endpoint", limits.MaxStringLength, errors),
            UserId = Text(query, "userId", limits.MaxStringLength, errors),
            SessionId = Text(query, "sessionId", limits.MaxStringLength, errors),
            ErrorCode = Text(query, "errorCode", limits.MaxStringLength, errors),
            Text = Words(Text(query, "q", limits.MaxStringLength, errors), errors),
            PatternId = Text(query, "patternId", limits.MaxStringLength, errors),
        };
    }

    private static bool Bool(IQueryCollection query, string name, List<KeyValuePair<string, string>> errors)
    {
        var text = QueryValues.Single(query, name, errors);
        if (text.Length == 0)
        {
            return false;
        }

        if (!bool.TryParse(text, out var value))
        {
            errors.Add(new(name, $"'{name}' must be true or false."));
        }

        return value;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, List<KeyValuePair<string, string>> errors)
    {
        var text = QueryValues.Single(query, name, errors);
        if (text.Length == 0)
        {
            return null;
        }

        // As a body's timestamp is read: culture-dependent forms (01/02/2026 is January in one country and February in
        // another) and a time without a date are refused.
        if (IsoTimestamp.TryParse(text, out var value))
        {
            return value.ToUniversalTime();
        }

        errors.Add(new(name, $"'{name}' must be an ISO 8601 date and time, such as 2026-01-31T12:00:00Z."));
        return null;
    }

    private static string? Text(IQueryCollection query, string name, int max, List<KeyValuePair<string, string>> errors)
    {
        var text = QueryValues.Single(query, name, errors);
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(new(name, $"'{name}' must have at most {max} characters."));
            return null;
        }

        return text;
    }

    /// <summary>The most words a full-text search takes: each is a lookup in the index, a short prefix a costly one.</summary>
    internal const int MaxSearchWords = 16;

    private static string? Words(string? text, List<KeyValuePair<string, string>> errors)
    {
        if (text is not null && text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).Count() > MaxSearchWords)
        {
            errors.Add(new("q", $"'q' may hold at most {MaxSearchWords} words."));
            return null;
        }

        return text;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
