namespace LogAnalyzer.Hosting.Health;

/// <summary>
/// One probe of a remote service at a time, and its outcome reused while it is fresh: health endpoints are often
/// unauthenticated and polled by several probes at once, and each call must not become a round trip to the service.
/// </summary>
/// <param name="time">Dates the outcomes.</param>
/// <param name="freshFor">How long an outcome (an answer or a failure) is reused.</param>
internal sealed class SharedProbe<T>(TimeProvider time, TimeSpan freshFor)
{
    private readonly Lock _lock = new();
    private Task<T>? _running;
    private (Task<T> Outcome, long At)? _last;

    /// <summary>
    /// The last outcome while it is fresh; otherwise the probe in flight, or a new one. A caller that gives up does not
    /// cancel a probe others may be waiting for, so <paramref name="probe"/> must end by itself (its own timeout).
    /// </summary>
    public Task<T> GetAsync(Func<Task<T>> probe, CancellationToken cancellationToken)
    {
        Task<T> running;
        lock (_lock)
        {
            if (_last is { } last && time.GetElapsedTime(last.At) < freshFor)
            {
                return last.Outcome;
            }

            // A finished probe left its outcome in _last, which has gone stale: start another. Without the first
            // caller's context, since every caller shares what it finds.
            if (_running is not { IsCompleted: false })
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _running = RunAsync(probe);
                }
            }

            running = _running;
        }

        return running.WaitAsync(cancellationToken);
    }

    private async Task<T> RunAsync(Func<Task<T>> probe)
    {
        // Task.Run makes a probe that throws at once a failed outcome like any other.
        var outcome = Task.Run(probe);
        try
        {
            return await outcome;
        }
        finally
        {
            lock (_lock)
            {
                _last = (outcome, time.GetTimestamp());
            }
        }
    }
}
