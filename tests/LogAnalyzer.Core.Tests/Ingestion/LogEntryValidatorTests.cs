using System.Text.Json;
using LogAnalyzer.Ingestion;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Ingestion;

public sealed class LogEntryValidatorTests
{
    // Objects nested seventeen deep, one past the limit.
    private const string Seventeen = """{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":1}}}}}}}}}}}}}}}}}""";

    private static readonly DateTimeOffset Now = Entries.Start;

    [Fact]
    public void Validate_EntryWithinLimits_ReportsNothing()
    {
        var entry = Entries.Info("fine");
        entry.Properties = new Dictionary<string, object?> { ["a"] = "b" };

        Assert.Empty(Validate(entry));
    }

    [Fact]
    public void Validate_EveryLimitBroken_NamesEachField()
    {
        var entry = new LogEntry
        {
            Timestamp = Now.AddDays(2),
            Message = new string('m', 33),
            Endpoint = new string('e', 11),
            UserId = new string('u', 11),
            ErrorCode = new string('c', 11),
            ResponseTime = double.NaN,
            Properties = new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2, ["c"] = new string('v', 11) },
        };

        var fields = Validate(entry, "logs[2].").Select(e => e.Key).ToList();

        Assert.Equal(
            ["logs[2].message", "logs[2].endpoint", "logs[2].userId", "logs[2].errorCode", "logs[2].responseTime", "logs[2].timestamp", "logs[2].properties", "logs[2].properties.c"],
            fields);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_NoMessage_ReportsMessage(string message)
    {
        Assert.Equal("message", Assert.Single(Validate(Entries.Info(message))).Key);
    }

    [Fact]
    public void Validate_NegativeResponseTimeOrAncientTimestamp_Reported()
    {
        var entry = Entries.Info("x");
        entry.ResponseTime = -1;
        entry.Timestamp = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(["responseTime", "timestamp"], Validate(entry).Select(e => e.Key));
    }

    [Theory]
    [InlineData("""{"x":["ok","\ud800"]}""", "properties.k.x[1]", "not valid Unicode")]
    [InlineData("""{"x":{"\udc00":1}}""", "properties.k.x", "property name")]
    [InlineData(Seventeen, "properties.k.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a", "at most 16 levels")]
    public void Validate_PropertyValueThatCannotBeReadBack_NamesWhereAndWhy(string json, string field, string reason)
    {
        using var document = JsonDocument.Parse(json);
        var entry = Entries.Info("m");
        entry.Properties = new Dictionary<string, object?> { ["k"] = document.RootElement.Clone() };

        var problem = Assert.Single(Validate(entry));

        Assert.Equal(field, problem.Key);
        Assert.Contains(reason, problem.Value, StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Validate(LogEntry entry, string prefix = "")
    {
        var options = new LogAnalyzerOptions { Limits = { MaxMessageLength = 32, MaxStringLength = 10, MaxProperties = 2 } };
        var errors = new List<KeyValuePair<string, string>>();
        new LogEntryValidator(Options.Create(options)).Validate(entry, prefix, Now, errors);
        return errors;
    }
}
