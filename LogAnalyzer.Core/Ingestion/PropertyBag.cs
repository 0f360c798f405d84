using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LogAnalyzer.Ingestion;

/// <summary>
/// The property bag the logging integrations fill: a small array of pairs, cheaper to build than a dictionary for
/// the handful of properties a log event carries. The first value given for a name wins, so an event's own
/// properties, added first, take precedence over those of enclosing scopes.
/// </summary>
internal sealed class PropertyBag : IReadOnlyDictionary<string, object?>
{
    private KeyValuePair<string, object?>[] _items;
    private int _count;

    public PropertyBag(int capacity) => _items = new KeyValuePair<string, object?>[Math.Max(capacity, 1)];

    public int Count => _count;

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<object?> Values => this.Select(p => p.Value);

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>Adds the pair unless the name is already present or <paramref name="max"/> pairs are held.</summary>
    public void TryAdd(string name, object? value, int max)
    {
        if (_count >= max || ContainsKey(name))
        {
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = new(name, value);
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
