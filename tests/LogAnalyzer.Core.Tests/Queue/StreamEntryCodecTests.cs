using System.Text;
using System.Text.Json;
using LogAnalyzer.Queue.Redis;

namespace LogAnalyzer.Tests.Queue;

public sealed class StreamEntryCodecTests
{
    [Fact]
    public void TryDecode_EncodedAnalysedEntry_ReturnsEveryField()
    {
        var entry = new LogEntry
        {
            Timestamp = new DateTimeOffset(2026, 11, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1230),
            Level = LogEntryLevel.Error,
            Message = "Payment gateway timeout after 5000ms",
            MessageTemplate = "Payment gateway timeout after {Elapsed}ms",
            Endpoint = "/api/payment",
            UserId = "user_123",
            SessionId = "sess_456",
            City = "New York",
            ErrorCode = "PAYMENT_TIMEOUT",
            ResponseTime = 5000.5,
            Service = "checkout",
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            SpanId = "00f067aa0ba902b7",
            Exception = "System.TimeoutException: gateway",
            Properties = new Dictionary<string, object?> { ["Attempt"] = 3, ["Gateway"] = "stripe", ["Retried"] = true, ["Missing"] = null },
            AnomalyScore = 0.93,
            IsAnomaly = true,
            AnomalyReasons = ["error_spike", "new_pattern"],
            PatternId = "p-7f3a",
            Template = "Payment gateway timeout after <*>ms",
        };

        var decoded = StreamEntryCodec.TryDecode(StreamEntryCodec.Encode(entry));

        Assert.NotNull(decoded);
        Assert.Equal(entry.Timestamp, decoded.Timestamp);
        Assert.Equal(entry.Timestamp.Offset, decoded.Timestamp.Offset);
        Assert.Equal(
            (entry.Level, entry.Message, entry.MessageTemplate, entry.Endpoint, entry.UserId, entry.SessionId, entry.City, entry.ErrorCode, entry.ResponseTime),
            (decoded.Level, decoded.Message, decoded.MessageTemplate, decoded.Endpoint, decoded.UserId, decoded.SessionId, decoded.City, decoded.ErrorCode, decoded.ResponseTime));
        Assert.Equal(
            (entry.Service, entry.TraceId, entry.SpanId, entry.Exception, entry.AnomalyScore, entry.IsAnomaly, entry.PatternId, entry.Template),
            (decoded.Service, decoded.TraceId, decoded.SpanId, decoded.Exception, decoded.AnomalyScore, decoded.IsAnomaly, decoded.PatternId, decoded.Template));
        Assert.Equal(entry.AnomalyReasons, decoded.AnomalyReasons);
        Assert.Equal(0, decoded.Id);
        var properties = decoded.Properties!.ToDictionary(p => p.Key, p => ((JsonElement)p.Value!).GetRawText());
        Assert.Equal(new Dictionary<string, string> { ["Attempt"] = "3", ["Gateway"] = "\"stripe\"", ["Retried"] = "true", ["Missing"] = "null" }, properties);
    }

    [Fact]
    public void TryDecode_MinimalEntry_LeavesOptionalFieldsEmpty()
    {
        var entry = new LogEntry { Timestamp = DateTimeOffset.UnixEpoch, Message = "started" };

        var decoded = StreamEntryCodec.TryDecode(StreamEntryCodec.Encode(entry))!;

        Assert.Equal(("started", LogEntryLevel.Information), (decoded.Message, decoded.Level));
        Assert.Null(decoded.Endpoint);
        Assert.Null(decoded.ResponseTime);
        Assert.Null(decoded.Properties);
        Assert.Empty(decoded.AnomalyReasons);
        Assert.False(decoded.IsAnomaly);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"msg\":\"no timestamp\",\"lvl\":2}")]
    [InlineData("{\"ts\":\"yesterday\",\"lvl\":2,\"msg\":\"x\"}")]
    [InlineData("{\"ts\":\"2026-11-02T03:04:05.0000000+00:00\",\"lvl\":\"high\",\"msg\":\"x\"}")]
    public void TryDecode_NotAnEntry_ReturnsNull(string payload)
    {
        Assert.Null(StreamEntryCodec.TryDecode(Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void Encode_PropertyThatThrowsWhenRendered_EncodesANoteInItsPlace()
    {
        var entry = new LogEntry { Timestamp = DateTimeOffset.UnixEpoch, Message = "m", Properties = new Dictionary<string, object?> { ["Bad"] = new Unrenderable(), ["Good"] = 1 } };

        var decoded = StreamEntryCodec.TryDecode(StreamEntryCodec.Encode(entry))!;

        Assert.Equal("(not rendered: InvalidOperationException)", ((JsonElement)decoded.Properties!["Bad"]!).GetString());
        Assert.Equal(1, ((JsonElement)decoded.Properties["Good"]!).GetInt32());
    }

    private sealed class Unrenderable
    {
        public override string ToString() => throw new InvalidOperationException("no");
    }
}
