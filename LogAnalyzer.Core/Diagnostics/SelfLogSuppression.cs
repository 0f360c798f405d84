namespace LogAnalyzer.Diagnostics;

/// <summary>
/// Marks code that runs on LogAnalyzer's own behalf (the pipeline's writer, later the LLM client), so that what it
/// logs never re-enters the pipeline: the logging integrations check <see cref="IsActive"/> and drop the event.
/// Otherwise a failing store write would log a warning, which would be queued, written, fail, and log again.
/// </summary>
/// <remarks>
/// An <see cref="AsyncLocal{T}"/> rather than a thread-static: the writer is asynchronous and its continuations
/// (and anything they log) may run on any pool thread, but they all flow the writer's execution context.
/// </remarks>
internal static class SelfLogSuppression
{
    private static readonly AsyncLocal<bool> Suppressed = new();

    /// <summary>Whether the current flow runs on LogAnalyzer's behalf; its log events must not be ingested.</summary>
    public static bool IsActive => Suppressed.Value;

    /// <summary>Suppresses ingestion of what the current flow logs until the scope is disposed.</summary>
    /// <returns>A scope that restores the previous state.</returns>
    public static Scope Enter()
    {
        var previous = Suppressed.Value;
        Suppressed.Value = true;
        return new Scope(previous);
    }

    /// <summary>Restores the suppression state that was current before <see cref="Enter"/>.</summary>
    internal readonly struct Scope(bool previous) : IDisposable
    {
        public void Dispose() => Suppressed.Value = previous;
    }
}
