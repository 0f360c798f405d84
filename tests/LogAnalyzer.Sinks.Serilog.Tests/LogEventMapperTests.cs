using System.Text.Json;
using LogAnalyzer.Serilog;
using Serilog.Events;

namespace LogAnalyzer.Tests;

/// <summary>How a Serilog property value becomes a stored property, without a pipeline.</summary>
public sealed class LogEventMapperTests
{
    [Fact]
    public void Convert_StructureNestedPastTheLimit_KeepsSixteenLevelsAndNullBelow()
    {
        LogEventPropertyValue value = new ScalarValue("leaf");
        for (var level = 0; level < 20; level++)
        {
            value = new StructureValue([new LogEventProperty("a", value)]);
        }

        var stored = (JsonElement)LogEventMapper.Convert(value)!;

        var levels = 0;
        for (var current = stored; current.ValueKind == JsonValueKind.Object; current = current.GetProperty("a"))
        {
            levels++;
        }

        Assert.Equal(16, levels);
    }
}
