namespace LogAnalyzer.Tests.Model;

public sealed class LogEntryLevelsTests
{
    [Theory]
    [InlineData("INFO", LogEntryLevel.Information)]
    [InlineData("information", LogEntryLevel.Information)]
    [InlineData("Information", LogEntryLevel.Information)]
    [InlineData("WARN", LogEntryLevel.Warning)]
    [InlineData("warning", LogEntryLevel.Warning)]
    [InlineData("ERR", LogEntryLevel.Error)]
    [InlineData("Error", LogEntryLevel.Error)]
    [InlineData("FATAL", LogEntryLevel.Critical)]
    [InlineData("Critical", LogEntryLevel.Critical)]
    [InlineData("verbose", LogEntryLevel.Trace)]
    [InlineData("Trace", LogEntryLevel.Trace)]
    [InlineData(" debug ", LogEntryLevel.Debug)]
    public void TryParse_UsualSpellings_ReturnsTheLevel(string text, LogEntryLevel expected)
    {
        Assert.True(LogEntryLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("")]
    [InlineData("LOUD")]
    [InlineData("4")]
    [InlineData("INFOO")]
    public void TryParse_UnknownText_ReturnsFalse(string text)
    {
        Assert.False(LogEntryLevels.TryParse(text, out _));
    }

    [Fact]
    public void ToName_EveryLevel_GivesTheSeedName()
    {
        Assert.Equal(
            ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"],
            Enum.GetValues<LogEntryLevel>().Select(l => l.ToName()));
    }
}
