namespace LogAnalyzer.Tests;

/// <summary>Log entries for tests.</summary>
internal static class Entries
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static LogEntry Info(string message, int secondsAfterStart = 0) => new()
    {
        Timestamp = Start.AddSeconds(secondsAfterStart),
        Level = LogEntryLevel.Information,
        Message = message,
    };

    public static List<LogEntry> Many(int count, string prefix = "entry") =>
        Enumerable.Range(0, count).Select(i => Info($"{prefix} {i}", i)).ToList();
}
