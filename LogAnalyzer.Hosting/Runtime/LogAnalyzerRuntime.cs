namespace LogAnalyzer.Hosting;

/// <summary>When LogAnalyzer started, for the uptime that <c>/health</c> reports.</summary>
internal sealed class LogAnalyzerRuntime(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();

    public TimeSpan Uptime => time.GetElapsedTime(_started);
}
