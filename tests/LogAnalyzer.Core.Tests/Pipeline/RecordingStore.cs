using System.Collections.Concurrent;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Pipeline;

/// <summary>
/// Passes every call to a real store and records the size of each batch written; can hold writes at a gate so a
/// test decides when the store answers.
/// </summary>
internal sealed class RecordingStore(ILogStore inner) : ILogStore
{
    private TaskCompletionSource _gate = Open();
    private SemaphoreSlim? _turns;

    public ConcurrentQueue<int> Batches { get; } = new();

    public int Appending;

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    /// <summary>From now on every write waits for a turn given by <see cref="AllowWrites"/>.</summary>
    public void HoldWrites() => _turns = new SemaphoreSlim(0);

    /// <summary>Lets <paramref name="count"/> more writes through (after <see cref="HoldWrites"/>).</summary>
    public void AllowWrites(int count) => _turns!.Release(count);

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public async Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Appending);
        await _gate.Task.WaitAsync(cancellationToken);
        if (_turns is { } turns)
        {
            await turns.WaitAsync(cancellationToken);
        }

        await inner.AppendAsync(entries, cancellationToken);
        Batches.Enqueue(entries.Count);
    }

    public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public Task<LogEntry?> GetAsync(long id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<LogStats> GetStatsAsync(int recentErrors, CancellationToken cancellationToken) => inner.GetStatsAsync(recentErrors, cancellationToken);

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
