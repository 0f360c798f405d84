using System.Text;
using System.Text.Json;
using LogAnalyzer.Insights;
using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>
/// The search side of the SQLite store: one indexed pass over the matching entries (tallied like an impact), a random
/// sample of all entries in the range for the traffic shares, the newest matches, the vocabulary and conversations.
/// </summary>
internal sealed partial class SqliteLogStore
{
    private const int MaxSearchRows = 500_000;
    private const int TrafficSample = 1_000;
    private static readonly string[] Dimensions = ["endpoint", "city", "errorCode", "service"];
    private static readonly JsonSerializerOptions ConversationJson = new(JsonSerializerDefaults.Web);

    /// <summary>How late or early an entry may arrive, against entries stamped around it, and still be found by words.</summary>
    private static readonly TimeSpan ArrivalSlack = TimeSpan.FromMinutes(5);

    private static SearchEvidence NoMatches => new(0, [], Impact.FailureImpact.None, [], []);

    public async Task<SearchEvidence> SearchAsync(SearchFilter filter, int recentLogs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await OpenReadAsync(cancellationToken);
        if (await IdBoundsAsync(connection, filter, cancellationToken) is not { } ids)
        {
            return NoMatches;
        }

        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        var (where, problemsOnly) = await SearchWhereAsync(connection, filter, parameters, cancellationToken);

        // Warnings and errors are a few percent of the entries: their covering indexes answer without touching the table.
        var source = problemsOnly ? "logs l INDEXED BY logs_problems" : "logs l";

        // Newest first (the index read backwards, no sort), so that a search over more than the row limit keeps the
        // newest rows, and after the first few the queue of newest matches rejects a row with one comparison.
        var order = problemsOnly ? " ORDER BY l.ts DESC" : "";
        if (filter.Words.Count > 0)
        {
            (parameters["$match"], parameters["$low"], parameters["$high"]) = (FullTextMatch(filter.Words), ids.Low, ids.High);
            if (problemsOnly)
            {
                // The full-text hits drive: each is looked up in the warnings and errors kept by id, so the entries
                // the words do not match are never read (a scan of the day's warnings tested each against the hits).
                source = "logs_fts f CROSS JOIN logs l INDEXED BY logs_problems_by_id ON l.id = f.rowid";
                where += " AND logs_fts MATCH $match AND f.rowid >= $low AND f.rowid <= $high";
                order = " ORDER BY f.rowid DESC";
            }
            else
            {
                // Information entries have no covering index: SQLite looks the full-text hits up in the table by id.
                where += " AND l.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH $match AND rowid >= $low AND rowid <= $high)";
            }
        }

        var sql = $"SELECT l.id, l.ts, l.user_id, l.session_id, l.city_id, l.endpoint_id, l.error_code_id, l.pattern_id, l.service_id FROM {source} {where}{order} LIMIT {MaxSearchRows};";
        var keep = Math.Clamp(recentLogs, 0, 100);
        var (tally, newest) = Scan(connection, sql, parameters, keep, cancellationToken);
        if (tally.Rows == 0)
        {
            return NoMatches;
        }

        var (impact, patternTotals) = await ToImpactAsync(connection, tally, cancellationToken);
        var patterns = await PatternCountsAsync(connection, patternTotals, cancellationToken);
        var overRepresented = await OverRepresentedAsync(connection, filter, ids, tally, cancellationToken);

        // The newest matches were kept during the scan: read just those.
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectEntry} WHERE l.id IN (SELECT value FROM json_each($ids)) ORDER BY l.ts DESC, l.id DESC;";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(newest.UnorderedItems.Select(i => i.Element)));
        var recent = await ReadEntriesAsync(command, cancellationToken);
        return new SearchEvidence(tally.Rows, patterns, impact, overRepresented, recent);
    }

    /// <summary>Tallies the matching rows and keeps the ids of the newest <paramref name="keep"/>.</summary>
    private static (ImpactTally Tally, PriorityQueue<long, (long Ts, long Id)> Newest) Scan(
        SqliteConnection connection, string sql, Dictionary<string, object> parameters, int keep, CancellationToken cancellationToken)
    {
        var tally = new ImpactTally();
        var newest = new PriorityQueue<long, (long Ts, long Id)>();
        using var scan = new RawStatement(connection, sql);
        scan.Bind(parameters);
        while (scan.Step())
        {
            var (id, ts) = (scan.Int64(0), scan.Int64(1));
            tally.Add(ts, scan.StringIdOrNull(2), scan.StringIdOrNull(3), scan.StringIdOrNull(4), scan.StringIdOrNull(5), scan.StringIdOrNull(6), scan.StringIdOrNull(7), scan.StringIdOrNull(8));
            if (newest.Count < keep)
            {
                newest.Enqueue(id, (ts, id));
            }
            else if (keep > 0 && newest.TryPeek(out _, out var oldest) && (ts, id).CompareTo(oldest) > 0)
            {
                newest.DequeueEnqueue(id, (ts, id));
            }

            if ((tally.Rows & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return (tally, newest);
    }

    /// <summary>
    /// Where the range's entries are among the ids (ids grow with arrival), or <see langword="null"/> when it has none.
    /// <see cref="SearchIds.First"/> and <see cref="SearchIds.Last"/> are the ids of its earliest and latest entries, between
    /// which the traffic sample is drawn. Full-text hits are taken between <see cref="SearchIds.Low"/>, the last entry
    /// stamped more than <see cref="ArrivalSlack"/> before the range, and <see cref="SearchIds.High"/>, the first stamped
    /// more than that after it (none yet: no bound): so an entry that arrived after later-stamped ones, or before
    /// earlier-stamped ones, is still found unless it was that late or early, and the scan stays within the range.
    /// </summary>
    private static async Task<SearchIds?> IdBoundsAsync(SqliteConnection connection, SearchFilter filter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$from", UnixTime.ToMicroseconds(filter.From));
        command.Parameters.AddWithValue("$to", UnixTime.ToMicroseconds(filter.To));
        command.Parameters.AddWithValue("$early", UnixTime.ToMicroseconds(filter.From - ArrivalSlack));
        command.Parameters.AddWithValue("$late", UnixTime.ToMicroseconds(filter.To + ArrivalSlack));
        command.CommandText =
            """
            SELECT (SELECT id FROM logs WHERE ts >= $from AND ts < $to ORDER BY ts LIMIT 1),
                   (SELECT id FROM logs WHERE ts >= $from AND ts < $to ORDER BY ts DESC LIMIT 1),
                   COALESCE((SELECT id FROM logs WHERE ts < $early ORDER BY ts DESC LIMIT 1), 0),
                   COALESCE((SELECT id FROM logs WHERE ts >= $late ORDER BY ts LIMIT 1), 9223372036854775807);
            """;
        await using var bounds = await command.ExecuteReaderAsync(cancellationToken);
        await bounds.ReadAsync(cancellationToken);
        if (bounds.IsDBNull(0))
        {
            return null;
        }

        var (first, last) = (bounds.GetInt64(0), bounds.GetInt64(1));
        return new SearchIds(Math.Min(first, last), Math.Max(first, last), bounds.GetInt64(2), bounds.GetInt64(3));
    }

    private static string FullTextMatch(IReadOnlyList<string> words) =>
        string.Join(" OR ", words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    public async Task<SearchVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var lists = new List<string>[3];
        var kinds = new[] { StringKind.Endpoint, StringKind.ErrorCode, StringKind.City };
        for (var i = 0; i < kinds.Length; i++)
        {
            command.CommandText = $"SELECT value FROM strings WHERE kind = {(int)kinds[i]} LIMIT 2000;";
            lists[i] = [];
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lists[i].Add(reader.GetString(0));
            }
        }

        return new SearchVocabulary(lists[0], lists[1], lists[2]);
    }

    public async Task<IReadOnlyList<ConversationTurn>> GetConversationAsync(string conversationId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM conversations WHERE id = $id AND updated_at >= $not_before;";
        command.Parameters.AddWithValue("$id", conversationId);
        command.Parameters.AddWithValue("$not_before", UnixTime.ToMicroseconds(notBefore));
        return await command.ExecuteScalarAsync(cancellationToken) is string body
            ? JsonSerializer.Deserialize<List<ConversationTurn>>(body, ConversationJson) ?? []
            : [];
    }

    public Task SaveConversationAsync(string conversationId, IReadOnlyList<ConversationTurn> turns, DateTimeOffset updatedAt, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(turns, ConversationJson);
        InWriteTransaction(command =>
        {
            command.CommandText =
                """
                INSERT INTO conversations(id, updated_at, body) VALUES ($id, $updated, $body)
                ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body;
                DELETE FROM conversations WHERE updated_at < $expired;
                """;
            command.Parameters.AddWithValue("$id", conversationId);
            command.Parameters.AddWithValue("$updated", UnixTime.ToMicroseconds(updatedAt));
            command.Parameters.AddWithValue("$body", body);
            command.Parameters.AddWithValue("$expired", UnixTime.ToMicroseconds(expiredBefore));
            command.ExecuteNonQuery();
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The WHERE clause of a search. Endpoints, error codes, users, sessions and cities are resolved to their string ids
    /// first and written as literal id lists (a few microseconds per row less than a subquery, over tens of thousands
    /// of rows); an endpoint term and an error-code term are alternatives (payments: the payment endpoints or the
    /// payment error codes).
    /// </summary>
    private static async Task<(string Where, bool ProblemsOnly)> SearchWhereAsync(SqliteConnection connection, SearchFilter filter, Dictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("WHERE l.ts >= $from AND l.ts < $to");
        parameters["$from"] = UnixTime.ToMicroseconds(filter.From);
        parameters["$to"] = UnixTime.ToMicroseconds(filter.To);
        var levels = filter.Levels.Count == 0 ? [LogEntryLevel.Warning, LogEntryLevel.Error, LogEntryLevel.Critical] : filter.Levels;
        sql.Append(" AND l.level IN (").AppendJoin(',', levels.Select(l => (int)l)).Append(')');
        var problemsOnly = levels.All(l => l >= LogEntryLevel.Warning);
        if (problemsOnly)
        {
            // Implied by the levels; written out so that the partial index of warnings and errors applies.
            sql.Append(" AND l.level >= 3");
        }

        var features = new List<string>();
        if (filter.EndpointTerms.Count > 0)
        {
            features.Add($"l.endpoint_id IN ({await IdsAsync(connection, StringKind.Endpoint, filter.EndpointTerms, contains: true, cancellationToken)})");
        }

        if (filter.ErrorCodeTerms.Count > 0)
        {
            features.Add($"l.error_code_id IN ({await IdsAsync(connection, StringKind.ErrorCode, filter.ErrorCodeTerms, contains: true, cancellationToken)})");
        }

        if (features.Count > 0)
        {
            sql.Append(" AND (").AppendJoin(" OR ", features).Append(')');
        }

        foreach (var (column, kind, values) in new[]
        {
            ("l.user_id", StringKind.User, filter.UserIds),
            ("l.session_id", StringKind.Session, filter.SessionIds),
            ("l.city_id", StringKind.City, filter.Cities),
        })
        {
            if (values.Count > 0)
            {
                sql.Append($" AND {column} IN ({await IdsAsync(connection, kind, values, contains: false, cancellationToken)})");
            }
        }

        return (sql.ToString(), problemsOnly);
    }

    /// <summary>The ids of the strings of <paramref name="kind"/> that contain (or equal) any of <paramref name="values"/>, as a literal list; <c>NULL</c> when none.</summary>
    private static async Task<string> IdsAsync(SqliteConnection connection, StringKind kind, IReadOnlyList<string> values, bool contains, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var predicates = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var name = $"$v{i}";
            if (contains)
            {
                predicates.Add($"value LIKE {name} ESCAPE '\\'");
                var escaped = values[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
                command.Parameters.AddWithValue(name, $"%{escaped}%");
            }
            else
            {
                // Cities are few and written in any case; users and sessions are many and exact (so the index applies).
                predicates.Add(kind == StringKind.City ? $"value = {name} COLLATE NOCASE" : $"value = {name}");
                command.Parameters.AddWithValue(name, values[i]);
            }
        }

        command.CommandText = $"SELECT id FROM strings WHERE kind = {(int)kind} AND ({string.Join(" OR ", predicates)}) LIMIT 1000;";
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids.Count == 0 ? "NULL" : string.Join(',', ids);
    }

    private static async Task<IReadOnlyList<PatternCount>> PatternCountsAsync(SqliteConnection connection, Dictionary<string, long> totals, CancellationToken cancellationToken)
    {
        var top = totals.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).ToList();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, template FROM patterns WHERE id IN (SELECT value FROM json_each($ids));";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(top.Select(p => p.Key)));
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            templates[reader.GetString(0)] = reader.GetString(1);
        }

        return top.Select(p => new PatternCount(p.Key, templates.GetValueOrDefault(p.Key, p.Key), p.Value)).ToList();
    }

    /// <summary>
    /// The top values of each dimension among the matches, against their share of a random sample of every entry in
    /// the range: the entries' ids between the range's first and last are sampled, so the cost does not grow with the range.
    /// </summary>
    private static async Task<IReadOnlyList<OverRepresentation>> OverRepresentedAsync(SqliteConnection connection, SearchFilter filter, SearchIds range, ImpactTally matches, CancellationToken cancellationToken)
    {
        var (low, high) = (range.First, range.Last);
        // A fixed seed per range: the same question over the same data gives the same answer.
        var random = new Random(HashCode.Combine(low, high));
        var ids = high - low + 1 <= TrafficSample
            ? Enumerable.Range(0, (int)(high - low + 1)).Select(i => low + i)
            : Enumerable.Range(0, TrafficSample).Select(_ => random.NextInt64(low, high + 1)).Distinct().Order();
        var traffic = new ImpactTally();
        using (var sample = new RawStatement(connection, "SELECT endpoint_id, city_id, error_code_id, service_id FROM logs WHERE id IN (SELECT value FROM json_each($ids)) AND ts >= $from AND ts < $to;"))
        {
            sample.Bind([new("$ids", JsonSerializer.Serialize(ids)), new("$from", UnixTime.ToMicroseconds(filter.From)), new("$to", UnixTime.ToMicroseconds(filter.To))]);
            while (sample.Step())
            {
                traffic.Add(0, null, null, sample.StringIdOrNull(1), sample.StringIdOrNull(0), sample.StringIdOrNull(2), null, sample.StringIdOrNull(3));
            }
        }

        var candidates = new List<(string Dimension, long Id, double Share, double Traffic)>();
        foreach (var dimension in Dimensions)
        {
            var inTraffic = traffic.Counts(dimension, int.MaxValue).ToDictionary(c => c.Id, c => c.Count);
            foreach (var (id, count) in matches.Counts(dimension, 5))
            {
                var share = (double)count / matches.Rows;
                var trafficShare = traffic.Rows == 0 ? 0 : (double)inTraffic.GetValueOrDefault(id) / traffic.Rows;
                if (share >= 0.2 && (trafficShare == 0 || share / trafficShare >= 2))
                {
                    candidates.Add((dimension, id, share, trafficShare));
                }
            }
        }

        var text = await ResolveStringsAsync(connection, candidates.Select(c => c.Id).ToList(), cancellationToken);
        return candidates
            .Select(c => new OverRepresentation(c.Dimension, text.GetValueOrDefault(c.Id, "?"), Math.Round(c.Share, 4), Math.Round(c.Traffic, 4)))
            .OrderByDescending(o => o.ShareOfMatches)
            .ThenByDescending(o => o.Lift)
            .Take(8)
            .ToList();
    }
}
