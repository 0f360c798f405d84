using LogAnalyzer.Diagnostics;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace LogAnalyzer.Serilog;

/// <summary>
/// The sink: queues each event without waiting (a full queue drops and counts it); the pipeline's writer maps it to
/// an entry, so the app's thread neither renders nor allocates. Disposing the logger drains an engine the sink owns.
/// </summary>
internal sealed class LogAnalyzerSink(PipelineSource source, LogEventMapper mapper) : ILogEventSink, IDisposable, IAsyncDisposable
{
    private const string OwnSourcePrefix = "LogAnalyzer";

    public void Emit(LogEvent logEvent)
    {
        if (SelfLogSuppression.IsActive || IsOwn(logEvent))
        {
            return;
        }

        try
        {
            switch (source.TryGet())
            {
                case LogPipeline pipeline:
                    pipeline.TryEnqueue(logEvent, mapper);
                    break;
                case { } other:
                    other.TryEnqueue(mapper.Map(logEvent));
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never throw into the app; Serilog's SelfLog is where sinks report their own failures.
            SelfLog.WriteLine("LogAnalyzer sink could not queue an event: {0}", ex);
        }
    }

    public void Dispose() => source.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => source.DisposeAsync();

    // LogAnalyzer's own diagnostics, routed to Serilog through Microsoft.Extensions.Logging, must not feed back.
    private static bool IsOwn(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var context)
        && context is ScalarValue { Value: string name }
        && name.StartsWith(OwnSourcePrefix, StringComparison.Ordinal)
        && (name.Length == OwnSourcePrefix.Length || name[OwnSourcePrefix.Length] == '.');
}
