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

            if (_running is null)
            {
                // On the pool, so that a probe completing at once cannot finish (and clear _running) before it is set;
                // without the first caller's context, since every caller shares what it finds.
                using (ExecutionContext.SuppressFlow())
                {
                    _running = Task.Run(() => RunAsync(probe), CancellationToken.None);
                }
            }

            running = _running;
        }

        return running.WaitAsync(cancellationToken);
    }

    private async Task<T> RunAsync(Func<Task<T>> probe)
    {
        var outcome = ProbeAsync(probe);
        try
        {
            return await outcome;
        }
        finally
        {
            lock (_lock)
            {
                (_last, _running) = ((outcome, time.GetTimestamp()), null);
            }
        }
    }

    private static async Task<T> ProbeAsync(Func<Task<T>> probe) => await probe();
}
