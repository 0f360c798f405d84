using System.Text;
using System.Text.Json;

namespace LogAnalyzer.Endpoints;

/// <summary>
/// ISO 8601 timestamps as the API reads them, in a body and in a query string alike: System.Text.Json's own parser
/// (the extended profile it documents), except that a time that names no offset is UTC, not the server's time zone.
/// </summary>
internal static class IsoTimestamp
{
    /// <summary>Reads the string token the reader is on.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out value))
        {
            value = default;
            return false;
        }

        value = AsUtcUnlessOffset(value, reader.GetString()!);
        return true;
    }

    /// <summary>Parses a query string's value.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        // Within quotes, a quote, a backslash or a control character would be JSON syntax or invalid JSON, never part
        // of a date.
        if (text.Length == 0 || text.Length > 64 || text.AsSpan().IndexOfAny('"', '\\') >= 0 || text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"\"{text}\""));
        return reader.Read() && TryRead(ref reader, out value);
    }

    private static DateTimeOffset AsUtcUnlessOffset(DateTimeOffset value, string text) =>
        HasOffset(text) ? value : new DateTimeOffset(value.DateTime, TimeSpan.Zero);

    /// <summary>Whether the time part ends in <c>Z</c> or an offset (<c>±hh:mm</c>, <c>±hh</c>); a date alone has neither.</summary>
    private static bool HasOffset(string text)
    {
        var time = text.IndexOfAny(['T', 't']);
        return time >= 0 && text.AsSpan(time).IndexOfAny("Zz+-") >= 0;
    }
}
