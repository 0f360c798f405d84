using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogAnalyzer.Endpoints.Contracts;

/// <summary>
/// A body's timestamp, read as <see cref="IsoTimestamp"/> reads it: a time without an offset is UTC, as in the query
/// string's <c>from</c> and <c>to</c>; System.Text.Json alone would take the server's time zone, so that the same text
/// would name another instant on a server elsewhere, or after a change to summer time.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IsoTimestamp.TryRead(ref reader, out var value) ? value : throw new JsonException("Expected an ISO 8601 date and time string.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
