namespace LogAnalyzer;

/// <summary>
/// A field of <see cref="LogEntry"/> that a logging integration can fill from a structured property (such as
/// Serilog's <c>{UserId}</c> or a scope's <c>SessionId</c>), so that it can be searched and analysed as such.
/// </summary>
public enum LogEntryField
{
    /// <summary><see cref="LogEntry.Endpoint"/>.</summary>
    Endpoint,

    /// <summary><see cref="LogEntry.UserId"/>.</summary>
    UserId,

    /// <summary><see cref="LogEntry.SessionId"/>.</summary>
    SessionId,

    /// <summary><see cref="LogEntry.City"/>.</summary>
    City,

    /// <summary><see cref="LogEntry.ErrorCode"/>.</summary>
    ErrorCode,

    /// <summary><see cref="LogEntry.ResponseTime"/>, in milliseconds (a <see cref="TimeSpan"/> is converted).</summary>
    ResponseTime,

    /// <summary><see cref="LogEntry.Service"/>.</summary>
    Service,

    /// <summary><see cref="LogEntry.TraceId"/>.</summary>
    TraceId,

    /// <summary><see cref="LogEntry.SpanId"/>.</summary>
    SpanId,
}
