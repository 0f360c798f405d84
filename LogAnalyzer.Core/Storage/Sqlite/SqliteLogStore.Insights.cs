using LogAnalyzer.Insights;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>The insight side of the SQLite store (<see cref="IInsightStore"/>): sessions by index, trends and charts from the per-minute rollups.</summary>
internal sealed partial class SqliteLogStore
{
    public async Task<IReadOnlyList<LogEntry>> GetSessionAsync(string sessionId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectEntry} WHERE l.session_id = (SELECT id FROM strings WHERE kind = 3 AND value = $session) ORDER BY l.ts, l.id LIMIT $limit;";
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<SessionSummary>> GetUserSessionsAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT s.value, MIN(l.ts), MAX(l.ts), COUNT(*), SUM(l.level >= 4),
                   (SELECT e.value FROM logs x JOIN strings e ON e.id = x.endpoint_id
                    WHERE x.session_id = us.session_id ORDER BY x.ts DESC LIMIT 1)
            FROM user_sessions us
            JOIN strings s ON s.id = us.session_id
            JOIN logs l ON l.session_id = us.session_id
            WHERE us.user_id = (SELECT id FROM strings WHERE kind = 2 AND value = $user)
            GROUP BY us.session_id
            ORDER BY MAX(l.ts) DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$limit", limit);
        var sessions = new List<SessionSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new SessionSummary(
                reader.GetString(0),
                UnixTime.FromMicroseconds(reader.GetInt64(1)),
                UnixTime.FromMicroseconds(reader.GetInt64(2)),
                reader.GetInt64(3),
                reader.GetInt64(4),
                StringOrNull(reader, 5)));
        }

        return sessions;
    }

    public async Task<IReadOnlyList<TrendingPattern>> GetTrendingAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT c.id, c.template, SUM(q.n), SUM(q.previous), SUM(q.score) / SUM(q.n), MAX(q.top), c.sample FROM (
                SELECT m.pattern_id AS pattern_id,
                       SUM(CASE WHEN m.minute >= $from THEN m.count ELSE 0 END) AS n,
                       SUM(CASE WHEN m.minute < $from THEN m.count ELSE 0 END) AS previous,
                       SUM(CASE WHEN m.minute >= $from THEN m.score ELSE 0 END) AS score,
                       MAX(CASE WHEN m.minute >= $from THEN m.top_level END) AS top
                FROM pattern_minutes m
                WHERE m.minute >= $previous_from AND m.minute < $to
                GROUP BY m.pattern_id) q
            JOIN strings s ON s.id = q.pattern_id
            JOIN patterns p ON p.id = s.value
            JOIN patterns c ON c.id = COALESCE(p.merged_into, p.id)
            GROUP BY c.id HAVING SUM(q.n) > 0
            ORDER BY SUM(q.n) DESC, c.id
            LIMIT $limit;
            """;
        // Per-minute rollups: the period's bounds are taken to the minute.
        command.Parameters.AddWithValue("$from", Minute(periodStart));
        command.Parameters.AddWithValue("$previous_from", Minute(periodStart - (periodEnd - periodStart)));
        command.Parameters.AddWithValue("$to", Minute(periodEnd) + 1);
        command.Parameters.AddWithValue("$limit", limit);
        var trending = new List<TrendingPattern>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            trending.Add(new TrendingPattern(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetDouble(4),
                (LogEntryLevel)reader.GetInt64(5),
                StringOrNull(reader, 6)));
        }

        return trending;
    }

    private static long Minute(DateTimeOffset time) => UnixTime.ToMicroseconds(time) / UnixTime.MicrosecondsPerMinute;

    public async Task<IReadOnlyList<TimeBucket>> GetBucketsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, TimeSpan bucket, CancellationToken cancellationToken)
    {
        var size = Math.Max(1, (long)bucket.TotalMinutes);
        var first = UnixTime.ToMicroseconds(periodStart) / UnixTime.MicrosecondsPerMinute;
        var end = (UnixTime.ToMicroseconds(periodEnd) + UnixTime.MicrosecondsPerMinute - 1) / UnixTime.MicrosecondsPerMinute;
        var count = (int)Math.Min(10_000, Math.Max(0, (end - first + size - 1) / size));
        var buckets = new TimeBucket[count];
        for (var i = 0; i < count; i++)
        {
            buckets[i] = new TimeBucket(UnixTime.FromMicroseconds((first + (i * size)) * UnixTime.MicrosecondsPerMinute), 0, 0, 0);
        }

        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT (minute - $first) / $size, SUM(trace + debug + information + warning + error + critical), SUM(error + critical), SUM(warning) FROM log_minutes
            WHERE minute >= $first AND minute < $end GROUP BY 1;
            """;
        command.Parameters.AddWithValue("$first", first);
        command.Parameters.AddWithValue("$end", Math.Min(end, first + (count * size)));
        command.Parameters.AddWithValue("$size", size);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var i = reader.GetInt32(0);
            buckets[i] = buckets[i] with { Total = reader.GetInt64(1), Errors = reader.GetInt64(2), Warnings = reader.GetInt64(3) };
        }

        return buckets;
    }
}
