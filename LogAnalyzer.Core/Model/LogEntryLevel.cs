namespace LogAnalyzer;

/// <summary>The severity of a log entry, ordered from least to most severe.</summary>
public enum LogEntryLevel
{
    /// <summary>Very detailed diagnostic output (Serilog <c>Verbose</c>, MEL <c>Trace</c>).</summary>
    Trace = 0,

    /// <summary>Internal diagnostic output.</summary>
    Debug = 1,

    /// <summary>Normal operation (<c>INFO</c>).</summary>
    Information = 2,

    /// <summary>Something unexpected that the application recovered from (<c>WARN</c>).</summary>
    Warning = 3,

    /// <summary>An operation failed (<c>ERROR</c>).</summary>
    Error = 4,

    /// <summary>The application or a critical function is failing (<c>CRITICAL</c>, <c>FATAL</c>).</summary>
    Critical = 5,
}
