using System.Collections;

namespace LogAnalyzer.Hosting.RequestContext;

/// <summary>
/// The request's logging scope: a list of name–value pairs, the shape every logging provider (LogAnalyzer's,
/// Serilog's, OpenTelemetry's) turns into properties. Only the values that are known are listed.
/// </summary>
internal sealed class RequestScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _items;

    public RequestScope(string? sessionId, string? userId, string traceId)
    {
        var items = new List<KeyValuePair<string, object?>>(3);
        if (sessionId is not null)
        {
            items.Add(new("SessionId", sessionId));
        }

        if (userId is not null)
        {
            items.Add(new("UserId", userId));
        }

        items.Add(new("TraceId", traceId));
        _items = [.. items];
    }

    public int Count => _items.Length;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _items.Select(p => $"{p.Key}:{p.Value}"));
}
