using System.Runtime.InteropServices;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>Counts the matching rows of an impact query by their string ids; the ids are resolved to text afterwards, for the top ones only.</summary>
internal sealed class ImpactTally
{
    private readonly HashSet<long> _users = [];
    private readonly HashSet<long> _sessions = [];
    private readonly Dictionary<long, long> _cities = [];
    private readonly Dictionary<long, EndpointTally> _endpoints = [];
    private readonly Dictionary<long, long> _errorCodes = [];
    private readonly Dictionary<long, long> _patterns = [];
    private readonly Dictionary<long, long> _services = [];

    public long Rows { get; private set; }

    public long FirstSeen { get; private set; } = long.MaxValue;

    public long LastSeen { get; private set; } = long.MinValue;

    public int Users => _users.Count;

    public int Sessions => _sessions.Count;

    public void Add(long ts, long? user, long? session, long? city, long? endpoint, long? errorCode, long? pattern, long? service = null)
    {
        Count(_services, service);
        Rows++;
        FirstSeen = Math.Min(FirstSeen, ts);
        LastSeen = Math.Max(LastSeen, ts);
        if (user is { } u)
        {
            _users.Add(u);
        }

        if (session is { } s)
        {
            _sessions.Add(s);
        }

        Count(_cities, city);
        Count(_errorCodes, errorCode);
        Count(_patterns, pattern);
        if (endpoint is { } e)
        {
            // One hash lookup per row and dimension: scans tally tens of thousands of rows per request.
            ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_endpoints, e, out _);
            tally ??= new EndpointTally();
            tally.Entries++;
            if (session is { } sessionId)
            {
                tally.Sessions.Add(sessionId);
            }
        }
    }

    public IReadOnlyList<long> TopCities(int n) => Top(_cities, n);

    /// <summary>Entries per value of a dimension (<c>endpoint</c>, <c>city</c>, <c>errorCode</c>, <c>service</c>), the most first.</summary>
    public IReadOnlyList<(long Id, long Count)> Counts(string dimension, int n) => (dimension switch
    {
        "endpoint" => _endpoints.Select(e => (e.Key, e.Value.Entries)),
        "city" => _cities.Select(c => (c.Key, c.Value)),
        "errorCode" => _errorCodes.Select(c => (c.Key, c.Value)),
        _ => _services.Select(c => (c.Key, c.Value)),
    }).OrderByDescending(c => c.Item2).ThenBy(c => c.Item1).Take(n).ToList();

    public IReadOnlyList<long> TopErrorCodes(int n) => Top(_errorCodes, n);

    public IReadOnlyList<(long Id, long Count)> Patterns() => _patterns.Select(p => (p.Key, p.Value)).ToList();

    public IReadOnlyList<(long Id, long Entries, long Sessions)> TopEndpoints(int n) => _endpoints
        .OrderByDescending(e => e.Value.Entries).ThenBy(e => e.Key).Take(n)
        .Select(e => (e.Key, e.Value.Entries, (long)e.Value.Sessions.Count)).ToList();

    private sealed class EndpointTally
    {
        public long Entries { get; set; }

        public HashSet<long> Sessions { get; } = [];
    }

    private static void Count(Dictionary<long, long> counts, long? id)
    {
        if (id is { } key)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
        }
    }

    private static List<long> Top(Dictionary<long, long> counts, int n) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(n).Select(c => c.Key).ToList();
}
