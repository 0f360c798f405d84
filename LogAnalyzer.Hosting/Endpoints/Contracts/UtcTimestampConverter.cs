using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogAnalyzer.Endpoints.Contracts;

/// <summary>
/// A body's ISO 8601 timestamp, read by System.Text.Json's own parser, except that a time given without an offset
/// is UTC, as in the query string's <c>from</c> and <c>to</c>; System.Text.Json would take the server's time zone,
/// so that the same text would name another instant on a server elsewhere, or after a change to summer time.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException("Expected an ISO 8601 date and time string.");
        }

        return HasOffset(reader.GetString()!) ? value : new DateTimeOffset(value.DateTime, TimeSpan.Zero);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Whether the time part ends in <c>Z</c> or a <c>±hh:mm</c> offset (a date alone has neither).</summary>
    private static bool HasOffset(string text)
    {
        var time = text.IndexOfAny(['T', 't']);
        return time >= 0 && text.AsSpan(time).IndexOfAny("Zz+-") >= 0;
    }
}
