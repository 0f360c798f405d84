namespace LogAnalyzer.Hosting.Health;

/// <summary>
/// One probe of a remote service at a time, and its answer reused while it is fresh: health endpoints are often
/// unauthenticated and polled by several probes at once, and each call must not become a round trip to the service.
/// </summary>
/// <param name="time">Dates the answers.</param>
/// <param name="freshFor">How long an answer is reused.</param>
internal sealed class SharedProbe<T>(TimeProvider time, TimeSpan freshFor)
{
    private readonly Lock _lock = new();
    private Task<T>? _running;
    private (T Answer, long At)? _last;

    /// <summary>
    /// The last answer while it is fresh; otherwise the probe in flight, or a new one. A caller that gives up does not
    /// cancel a probe others may be waiting for, so <paramref name="probe"/> must end by itself (its own timeout).
    /// </summary>
    public Task<T> GetAsync(Func<Task<T>> probe, CancellationToken cancellationToken)
    {
        Task<T> running;
        lock (_lock)
        {
            if (_last is { } last && time.GetElapsedTime(last.At) < freshFor)
            {
                return Task.FromResult(last.Answer);
            }

            // Started on the pool: a probe that completes at once must not finish (and clear _running) before it is set.
            running = _running ??= Task.Run(() => RunAsync(probe), CancellationToken.None);
        }

        return running.WaitAsync(cancellationToken);
    }

    private async Task<T> RunAsync(Func<Task<T>> probe)
    {
        try
        {
            var answer = await probe();
            lock (_lock)
            {
                _last = (answer, time.GetTimestamp());
            }

            return answer;
        }
        finally
        {
            lock (_lock)
            {
                _running = null;
            }
        }
    }
}
