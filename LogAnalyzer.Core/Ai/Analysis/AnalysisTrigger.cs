namespace LogAnalyzer.Ai.Analysis;

/// <summary>
/// Tells the analysis worker that something worth explaining appeared (an anomalous entry of a new pattern), so
/// it runs soon instead of at its next interval. Signalling never blocks and several signals make one run.
/// </summary>
internal sealed class AnalysisTrigger
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Completes at the next signal (or at once if one came since the last <see cref="Reset"/>).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => Volatile.Read(ref _signal).Task.WaitAsync(cancellationToken);

    /// <summary>Forgets the signals received so far.</summary>
    public void Reset()
    {
        var current = Volatile.Read(ref _signal);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
