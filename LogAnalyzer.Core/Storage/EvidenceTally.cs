namespace LogAnalyzer.Storage;

/// <summary>
/// Builds a pattern's <see cref="PatternEvidence"/> from its recent entries, newest first, whatever store they come
/// from: hourly counts, the most frequent endpoints, error codes and cities, distinct users, latency figures,
/// anomaly reasons and a few distinct samples.
/// </summary>
internal sealed class EvidenceTally(DateTimeOffset now, int samples)
{
    private const int Top = 5;
    private readonly Dictionary<string, long> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errorCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _cities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _reasons = new(StringComparer.Ordinal);
    private readonly HashSet<long> _users = [];
    private readonly List<double> _latencies = [];
    private readonly List<string> _samples = [];
    private long _lastHour;
    private long _previousHour;
    private string? _exception;

    public void Add(DateTimeOffset timestamp, string? endpoint, string? errorCode, string? city, long? user, double? responseTime, string message, string? reasons, string? exception)
    {
        var age = now - timestamp;
        if (age <= TimeSpan.FromHours(1))
        {
            _lastHour++;
        }
        else if (age <= TimeSpan.FromHours(2))
        {
            _previousHour++;
        }

        Count(_endpoints, endpoint);
        Count(_errorCodes, errorCode);
        Count(_cities, city);
        if (user is { } u)
        {
            _users.Add(u);
        }

        if (responseTime is { } ms && double.IsFinite(ms))
        {
            _latencies.Add(ms);
        }

        if (reasons is not null)
        {
            foreach (var reason in reasons.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                Count(_reasons, reason);
            }
        }

        if (_samples.Count < samples && !_samples.Contains(message, StringComparer.Ordinal))
        {
            _samples.Add(message);
        }

        _exception ??= exception;
    }

    public PatternEvidence ToEvidence(PatternSummary pattern)
    {
        double? average = null, p95 = null;
        if (_latencies.Count > 0)
        {
            _latencies.Sort();
            average = Math.Round(_latencies.Average(), 1);
            p95 = _latencies[Math.Min(_latencies.Count - 1, (int)Math.Ceiling(_latencies.Count * 0.95) - 1)];
        }

        return new PatternEvidence(
            pattern, _lastHour, _previousHour, TopOf(_endpoints), TopOf(_errorCodes), TopOf(_cities), _users.Count, average, p95,
            TopOf(_reasons), _samples, _exception);
    }

    private static void Count(Dictionary<string, long> counts, string? key)
    {
        if (key is not null)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    private static List<KeyValuePair<string, long>> TopOf(Dictionary<string, long> counts) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(Top).ToList();
}
