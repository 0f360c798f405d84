using LogAnalyzer.Diagnostics;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Logging;

/// <summary>
/// One category's logger. On the app's thread it only captures the call (a pooled object, no formatting) and queues
/// it; the pipeline's writer builds the entry. Never blocks or throws.
/// </summary>
internal sealed class LogAnalyzerLogger(string category, LogAnalyzerLoggerProvider provider) : ILogger
{
    public string Category => category;

    public LogAnalyzerLoggerProvider Provider => provider;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.ScopeProvider?.Push(state);

    // Suppressed flows (the pipeline's writer) report disabled, so generated logging code skips even the formatting.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && !SelfLogSuppression.IsActive;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        try
        {
            switch (provider.Source.TryGet())
            {
                case LogPipeline pipeline when !pipeline.DropIfFull():
                    var captured = CapturedLogEvent<TState>.Capture(this, logLevel, eventId, state, exception, formatter);
                    if (!pipeline.TryEnqueue(captured, CapturedLogEvent<TState>.Materializer))
                    {
                        captured.Return();
                    }

                    break;
                case LogPipeline:
                    break; // Full: counted as dropped without capturing anything.
                case { } other:
                    // Someone else's pipeline takes finished entries only.
                    other.TryEnqueue(CapturedLogEvent<TState>.Capture(this, logLevel, eventId, state, exception, formatter).ToEntry(LogEntryClamp.DefaultLimits));
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Logging must never take the app down; the event is lost.
        }
    }
}
