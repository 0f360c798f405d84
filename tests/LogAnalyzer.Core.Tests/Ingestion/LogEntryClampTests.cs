using System.Text.Json;
using LogAnalyzer.Ingestion;

namespace LogAnalyzer.Tests.Ingestion;

public sealed class LogEntryClampTests
{
    [Theory]
    [InlineData(16, JsonValueKind.Object)]
    [InlineData(17, JsonValueKind.String)]
    public void Clamp_JsonPropertyNestedPastTheLimit_IsKeptAsItsJsonText(int levels, JsonValueKind stored)
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);
        using var document = JsonDocument.Parse(json);
        var entry = Entries.Info("m");
        entry.Properties = new Dictionary<string, object?> { ["order"] = document.RootElement.Clone() };

        var clamped = LogEntryClamp.Clamp(entry, new LogEntryLimits());

        var value = clamped.Properties!["order"];
        Assert.Equal(stored, value is string ? JsonValueKind.String : ((JsonElement)value!).ValueKind);
        Assert.Equal(json, value is string text ? text : ((JsonElement)value!).GetRawText());
    }
}
