namespace LogAnalyzer;

/// <summary>Parses and names <see cref="LogEntryLevel"/> values.</summary>
public static class LogEntryLevels
{
    /// <summary>
    /// Parses a level from the usual spellings, case-insensitively: Serilog's names (Verbose, Debug, Information,
    /// Warning, Error, Fatal), Microsoft.Extensions.Logging's names (Trace … Critical) and the common short forms
    /// (TRC, DBG, INF, INFO, WRN, WARN, ERR, FTL, CRIT, CRITICAL, FATAL).
    /// </summary>
    /// <param name="text">The level text.</param>
    /// <param name="level">The parsed level.</param>
    /// <returns><see langword="true"/> when the text names a level.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out LogEntryLevel level)
    {
        text = text.Trim();
        foreach (var (name, value) in Names)
        {
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                level = value;
                return true;
            }
        }

        level = default;
        return false;
    }

    /// <summary>The seed API's upper-case name of a level: TRACE, DEBUG, INFO, WARN, ERROR or CRITICAL.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The name used in JSON responses and statistics.</returns>
    public static string ToName(this LogEntryLevel level) => level switch
    {
        LogEntryLevel.Trace => "TRACE",
        LogEntryLevel.Debug => "DEBUG",
        LogEntryLevel.Information => "INFO",
        LogEntryLevel.Warning => "WARN",
        LogEntryLevel.Error => "ERROR",
        LogEntryLevel.Critical => "CRITICAL",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown log level."),
    };

    private static readonly (string Name, LogEntryLevel Level)[] Names =
    [
        ("INFO", LogEntryLevel.Information), ("INFORMATION", LogEntryLevel.Information), ("INF", LogEntryLevel.Information),
        ("ERROR", LogEntryLevel.Error), ("ERR", LogEntryLevel.Error), ("EROR", LogEntryLevel.Error),
        ("WARN", LogEntryLevel.Warning), ("WARNING", LogEntryLevel.Warning), ("WRN", LogEntryLevel.Warning),
        ("DEBUG", LogEntryLevel.Debug), ("DBG", LogEntryLevel.Debug),
        ("TRACE", LogEntryLevel.Trace), ("VERBOSE", LogEntryLevel.Trace), ("TRC", LogEntryLevel.Trace), ("VRB", LogEntryLevel.Trace),
        ("CRITICAL", LogEntryLevel.Critical), ("FATAL", LogEntryLevel.Critical), ("CRIT", LogEntryLevel.Critical),
        ("FTL", LogEntryLevel.Critical), ("CRT", LogEntryLevel.Critical),
    ];
}
