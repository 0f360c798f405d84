using System.Globalization;

namespace LogAnalyzer.Benchmarks.Data;

/// <summary>
/// Entries shaped like the seed's: an e-commerce API's levels, endpoints, users, sessions, cities, error codes and
/// response times, with messages that vary in their numbers. About 200 sessions are active at once, interleaved,
/// each of a user drawn from 5,000 and lasting about ten entries.
/// </summary>
public static class SeedLikeEntries
{
    private static readonly string[] Endpoints = Enumerable.Range(0, 20).Select(i => $"/api/resource{i}").ToArray();
    private static readonly string[] Cities = ["New York", "Los Angeles", "Chicago", "Houston", "London", "Berlin", "Mumbai", "Sydney"];
    private static readonly string[] Codes = ["PAYMENT_GATEWAY_TIMEOUT", "AUTH_INVALID_CREDENTIALS", "DB_POOL_EXHAUSTED", "LOW_STOCK"];

    public static LogEntry[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var entries = new LogEntry[count];
        var sessions = new (string Id, string User, string City, int Left)[200];
        var nextSession = 0;
        for (var s = 0; s < sessions.Length; s++)
        {
            sessions[s] = NewSession(random, nextSession++);
        }

        for (var i = 0; i < count; i++)
        {
            var slot = random.Next(sessions.Length);
            if (sessions[slot].Left-- <= 0)
            {
                sessions[slot] = NewSession(random, nextSession++);
            }

            var session = sessions[slot];
            var error = random.NextDouble() < 0.05;
            var endpoint = Endpoints[random.Next(Endpoints.Length)];
            var elapsed = random.Next(5, 900);
            entries[i] = new LogEntry
            {
                Timestamp = start.AddMilliseconds(i * 7),
                Level = error ? LogEntryLevel.Error : random.NextDouble() < 0.1 ? LogEntryLevel.Warning : LogEntryLevel.Information,
                Message = error
                    ? string.Create(CultureInfo.InvariantCulture, $"Payment gateway timeout after {elapsed}ms for order ORD-{random.Next(100000, 999999)}")
                    : string.Create(CultureInfo.InvariantCulture, $"GET {endpoint}/{random.Next(1, 5000)} responded 200 in {elapsed}ms"),
                Endpoint = endpoint,
                UserId = session.User,
                SessionId = session.Id,
                City = session.City,
                ErrorCode = error ? Codes[random.Next(Codes.Length)] : null,
                ResponseTime = elapsed,
                Service = "shop-api",
            };
        }

        return entries;
    }

    private static (string, string, string, int) NewSession(Random random, int number) => (
        string.Create(CultureInfo.InvariantCulture, $"sess_{number:x8}"),
        string.Create(CultureInfo.InvariantCulture, $"user_{random.Next(1, 5000)}"),
        Cities[random.Next(Cities.Length)],
        random.Next(2, 20));

    /// <summary>Fresh copies (ids cleared), so a benchmark iteration never sees ids from the previous one.</summary>
    public static LogEntry[] Fresh(LogEntry[] template)
    {
        var copies = new LogEntry[template.Length];
        for (var i = 0; i < template.Length; i++)
        {
            var t = template[i];
            copies[i] = new LogEntry
            {
                Timestamp = t.Timestamp, Level = t.Level, Message = t.Message, Endpoint = t.Endpoint, UserId = t.UserId,
                SessionId = t.SessionId, City = t.City, ErrorCode = t.ErrorCode, ResponseTime = t.ResponseTime, Service = t.Service,
            };
        }

        return copies;
    }
}
