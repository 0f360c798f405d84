using System.Collections;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// The in-memory exporter's target: counts what it is given and keeps nothing, so that a long run does not grow a
/// list (and the benchmark does not need a per-iteration cleanup, which would force one call per iteration).
/// </summary>
internal sealed class CountingCollection<T> : ICollection<T>
{
    private long _count;

    public int Count => (int)Math.Min(Interlocked.Read(ref _count), int.MaxValue);

    public bool IsReadOnly => false;

    public void Add(T item) => Interlocked.Increment(ref _count);

    public void Clear() => Interlocked.Exchange(ref _count, 0);

    public bool Contains(T item) => false;

    public void CopyTo(T[] array, int arrayIndex)
    {
    }

    public bool Remove(T item) => false;

    public IEnumerator<T> GetEnumerator() => Enumerable.Empty<T>().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
