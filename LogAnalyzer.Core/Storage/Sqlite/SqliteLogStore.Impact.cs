using System.Text;
using LogAnalyzer.Impact;
using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>The impact side of the SQLite store (<see cref="IImpactStore"/>): one indexed pass over the matching entries (read through the C API), then the top ids resolved to text.</summary>
internal sealed partial class SqliteLogStore
{
    private const int ImpactTop = 10;

    public async Task<FailureImpact> GetImpactAsync(ImpactQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReadAsync(cancellationToken);
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["$from"] = UnixTime.ToMicroseconds(query.From),
            ["$to"] = UnixTime.ToMicroseconds(query.To),
            ["$level"] = (long)query.MinimumLevel,
        };
        var sql = new StringBuilder(
            """
            SELECT l.ts, l.user_id, l.session_id, l.city_id, l.endpoint_id, l.error_code_id, l.pattern_id
            FROM logs l
            WHERE l.ts >= $from AND l.ts < $to AND l.level >= $level
            """);

        // Only the predicates asked for, so that the planner can pick the endpoint, error-code or pattern index.
        void Where(object? value, string parameter, string predicate)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(predicate);
                parameters[parameter] = value;
            }
        }

        Where(query.Endpoint, "$endpoint", "l.endpoint_id = (SELECT id FROM strings WHERE kind = 1 AND value = $endpoint)");
        Where(query.ErrorCode, "$error_code", "l.error_code_id = (SELECT id FROM strings WHERE kind = 5 AND value = $error_code)");
        Where(
            query.PatternId,
            "$pattern_id",
            "l.pattern_id IN (SELECT s.id FROM strings s WHERE s.kind = 7 AND (s.value = $pattern_id OR s.value IN (SELECT m.id FROM patterns m WHERE m.merged_into = $pattern_id)))");
        Where(query.MinimumResponseTime, "$response_time", "l.response_time >= $response_time");
        var tally = new ImpactTally();
        using (var scan = new RawStatement(connection, sql.ToString()))
        {
            scan.Bind(parameters);
            while (scan.Step())
            {
                tally.Add(scan.Int64(0), scan.StringIdOrNull(1), scan.StringIdOrNull(2), scan.StringIdOrNull(3), scan.StringIdOrNull(4), scan.StringIdOrNull(5), scan.StringIdOrNull(6));
                if ((tally.Rows & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        return (await ToImpactAsync(connection, tally, cancellationToken)).Impact;
    }

    /// <summary>The impact of the tallied rows, with the top ids resolved to text, and the rows per (canonical) pattern.</summary>
    private static async Task<(FailureImpact Impact, Dictionary<string, long> PatternTotals)> ToImpactAsync(SqliteConnection connection, ImpactTally tally, CancellationToken cancellationToken)
    {
        var patternTotals = new Dictionary<string, long>(StringComparer.Ordinal);
        if (tally.Rows == 0)
        {
            return (FailureImpact.None, patternTotals);
        }

        var cities = tally.TopCities(ImpactTop);
        var endpoints = tally.TopEndpoints(ImpactTop);
        var errorCodes = tally.TopErrorCodes(ImpactTop);
        var patterns = tally.Patterns();
        var text = await ResolveStringsAsync(connection, [.. cities, .. endpoints.Select(e => e.Id), .. errorCodes, .. patterns.Select(p => p.Id)], cancellationToken);
        foreach (var (id, count) in patterns)
        {
            var canonical = text[id];
            patternTotals[canonical] = patternTotals.GetValueOrDefault(canonical) + count;
        }

        var impact = new FailureImpact(
            tally.Rows,
            tally.Users,
            tally.Sessions,
            cities.Select(id => text[id]).ToList(),
            endpoints.Select(e => new EndpointImpact(text[e.Id], e.Entries, e.Sessions)).ToList(),
            errorCodes.Select(id => text[id]).ToList(),
            patternTotals.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(ImpactTop).Select(p => p.Key).ToList(),
            UnixTime.FromMicroseconds(tally.FirstSeen),
            UnixTime.FromMicroseconds(tally.LastSeen));
        return (impact, patternTotals);
    }

    /// <summary>The text of string ids; a pattern id resolves to the pattern it was merged into.</summary>
    private static async Task<Dictionary<long, string>> ResolveStringsAsync(SqliteConnection connection, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var text = new Dictionary<long, string>();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT s.id, CASE WHEN s.kind = 7 THEN COALESCE(p.merged_into, s.value) ELSE s.value END
            FROM strings s LEFT JOIN patterns p ON s.kind = 7 AND p.id = s.value
            WHERE s.id IN (SELECT value FROM json_each($ids));
            """;
        command.Parameters.AddWithValue("$ids", "[" + string.Join(',', ids.Distinct()) + "]");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            text[reader.GetInt64(0)] = reader.GetString(1);
        }

        return text;
    }

}
