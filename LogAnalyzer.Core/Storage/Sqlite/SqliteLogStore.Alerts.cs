using System.Text.Json;
using LogAnalyzer.Alerts;
using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>The alert side of the SQLite store (<see cref="IAlertStore"/>): alerts as JSON documents with indexed status, severity and time.</summary>
internal sealed partial class SqliteLogStore
{
    private static readonly JsonSerializerOptions AlertJson = new(JsonSerializerDefaults.Web);

    public async Task<WindowStats> GetWindowStatsAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$from", UnixTime.ToMicroseconds(windowStart));
        command.Parameters.AddWithValue("$to", UnixTime.ToMicroseconds(windowEnd));
        command.CommandText =
            """
            SELECT COUNT(*), COALESCE(SUM(level >= 4), 0),
                   COUNT(DISTINCT CASE WHEN level >= 4 THEN user_id END), COUNT(DISTINCT CASE WHEN level >= 4 THEN session_id END)
            FROM logs WHERE ts >= $from AND ts < $to;
            """;
        long total, failures, users, sessions;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (total, failures, users, sessions) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        var endpoints = new List<EndpointStats>();
        var cities = new List<string>();
        IReadOnlyList<PatternWindowStats> patterns = [];
        if (total > 0)
        {
            command.CommandText =
                """
                SELECT e.value, COUNT(*), SUM(l.level >= 4),
                       COUNT(DISTINCT CASE WHEN l.level >= 4 THEN l.user_id END), COUNT(DISTINCT CASE WHEN l.level >= 4 THEN l.session_id END)
                FROM logs l JOIN strings e ON e.id = l.endpoint_id
                WHERE l.ts >= $from AND l.ts < $to
                GROUP BY l.endpoint_id;
                """;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    endpoints.Add(new EndpointStats(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
                }
            }

            command.CommandText =
                """
                SELECT c.value FROM logs l JOIN strings c ON c.id = l.city_id
                WHERE l.ts >= $from AND l.ts < $to AND l.level >= 4
                GROUP BY l.city_id ORDER BY COUNT(*) DESC, c.value LIMIT 10;
                """;
            await using (var cityReader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await cityReader.ReadAsync(cancellationToken))
                {
                    cities.Add(cityReader.GetString(0));
                }
            }

            endpoints = await WithResponseTimesAsync(command, endpoints, cancellationToken);
            patterns = await GetPatternWindowStatsAsync(command, cancellationToken);
        }

        return new WindowStats(total, failures, users, sessions, cities, endpoints, patterns);
    }

    /// <summary>Each endpoint's timed requests and nearest-rank p95 (the row at rank ⌈0.95 n⌉ of its sorted response times).</summary>
    private static async Task<List<EndpointStats>> WithResponseTimesAsync(SqliteCommand command, List<EndpointStats> endpoints, CancellationToken cancellationToken)
    {
        command.CommandText =
            """
            SELECT e.value, q.n, q.response_time FROM (
                SELECT endpoint_id, response_time,
                       ROW_NUMBER() OVER (PARTITION BY endpoint_id ORDER BY response_time) AS rn,
                       COUNT(*) OVER (PARTITION BY endpoint_id) AS n
                FROM logs WHERE ts >= $from AND ts < $to AND endpoint_id IS NOT NULL AND response_time IS NOT NULL) q
            JOIN strings e ON e.id = q.endpoint_id
            WHERE q.rn = (q.n * 95 + 99) / 100;
            """;
        var timed = new Dictionary<string, (long Count, double P95)>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                timed[reader.GetString(0)] = (reader.GetInt64(1), reader.GetDouble(2));
            }
        }

        return endpoints
            .Select(e => timed.TryGetValue(e.Endpoint, out var t) ? e with { TimedRequests = t.Count, P95ResponseTime = t.P95 } : e)
            .ToList();
    }

    /// <summary>The 100 most frequent warning and error patterns of the window, merged patterns counted toward the one they joined.</summary>
    private static async Task<IReadOnlyList<PatternWindowStats>> GetPatternWindowStatsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        command.CommandText =
            """
            SELECT c.id, c.template, SUM(q.n), SUM(q.f), c.first_seen FROM (
                SELECT l.pattern_id AS pattern_id, COUNT(*) AS n, SUM(l.level >= 4) AS f
                FROM logs l WHERE l.ts >= $from AND l.ts < $to AND l.level >= 3 AND l.pattern_id IS NOT NULL
                GROUP BY l.pattern_id) q
            JOIN strings s ON s.id = q.pattern_id
            JOIN patterns p ON p.id = s.value
            JOIN patterns c ON c.id = COALESCE(p.merged_into, p.id)
            GROUP BY c.id ORDER BY SUM(q.n) DESC, c.id LIMIT 100;
            """;
        var patterns = new List<PatternWindowStats>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            patterns.Add(new PatternWindowStats(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), UnixTime.FromMicroseconds(reader.GetInt64(4))));
        }

        return patterns;
    }

    public async Task<IReadOnlyList<Alert>> GetOpenAlertsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM alerts WHERE status <> 'resolved';";
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public Task SaveAsync(Alert alert, string? change, CancellationToken cancellationToken)
    {
        Write(alert, change, read: null);
        return Task.CompletedTask;
    }

    public Task<bool> TrySaveAsync(Alert alert, string? change, Alert read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Task.FromResult(Write(alert, change, read));
    }

    /// <summary>Upserts the alert, or with <paramref name="read"/> updates it only while it is as read; adds the history record when it wrote.</summary>
    private bool Write(Alert alert, string? change, Alert? read)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var body = JsonSerializer.Serialize(alert, AlertJson);
        var written = false;
        InWriteTransaction(command =>
        {
            command.CommandText = read is null
                ? """
                  INSERT INTO alerts(alert_id, fingerprint, status, severity, updated_at, body) VALUES ($id, $fingerprint, $status, $severity, $updated, $body)
                  ON CONFLICT(alert_id) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status, severity = excluded.severity, updated_at = excluded.updated_at, body = excluded.body;
                  """
                : """
                  UPDATE alerts SET fingerprint = $fingerprint, status = $status, severity = $severity, updated_at = $updated, body = $body
                  WHERE alert_id = $id AND status = $expected AND updated_at = $expectedUpdated;
                  """;
            command.Parameters.AddWithValue("$id", alert.AlertId);
            command.Parameters.AddWithValue("$fingerprint", alert.Fingerprint);
            command.Parameters.AddWithValue("$status", alert.Status);
            command.Parameters.AddWithValue("$severity", alert.Severity);
            command.Parameters.AddWithValue("$updated", UnixTime.ToMicroseconds(alert.UpdatedAt));
            command.Parameters.AddWithValue("$body", body);
            command.Parameters.AddWithValue("$expected", (object?)read?.Status ?? DBNull.Value);
            command.Parameters.AddWithValue("$expectedUpdated", read is null ? DBNull.Value : UnixTime.ToMicroseconds(read.UpdatedAt));
            written = command.ExecuteNonQuery() == 1;
            if (written && change is not null)
            {
                command.CommandText = "INSERT INTO alert_history(alert_id, at, change, body) VALUES ($id, $updated, $change, $body);";
                command.Parameters.AddWithValue("$change", change);
                command.ExecuteNonQuery();
            }
        });

        return written;
    }

    public async Task<Alert?> GetAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM alerts WHERE alert_id = $id;";
        command.Parameters.AddWithValue("$id", alertId);
        var alerts = await ReadAlertsAsync(command, cancellationToken);
        return alerts.Count == 0 ? null : alerts[0];
    }

    public async Task<IReadOnlyList<Alert>> ListAsync(DateTimeOffset since, string? status, string? severity, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT body FROM alerts
            WHERE updated_at >= $since AND ($status IS NULL OR status = $status) AND ($severity IS NULL OR severity = $severity)
            ORDER BY updated_at DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$since", UnixTime.ToMicroseconds(since));
        command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("$severity", (object?)severity ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<AlertChange>> GetHistoryAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, change, body FROM alert_history WHERE alert_id = $id ORDER BY at, id;";
        command.Parameters.AddWithValue("$id", alertId);
        var changes = new List<AlertChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var change = reader.GetString(1);
            var alert = JsonSerializer.Deserialize<Alert>(reader.GetString(2), AlertJson)!;
            var (by, note) = change switch
            {
                AlertEvents.Acknowledged => (alert.AcknowledgedBy, null),
                AlertEvents.Resolved or AlertEvents.Cleared => (alert.ResolvedBy, alert.ResolutionNote),
                _ => ((string?)null, (string?)null),
            };
            changes.Add(new AlertChange(UnixTime.FromMicroseconds(reader.GetInt64(0)), change, alert.Status, alert.Severity, by, note));
        }

        return changes;
    }

    public async Task<IReadOnlyList<Alert>> GetResolvedAsync(string fingerprint, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM alerts WHERE fingerprint = $fingerprint AND status = 'resolved' ORDER BY updated_at DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadAlertsAsync(command, cancellationToken);
    }

    public Task<int> DeleteResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Small transactions, each under the write lock for a moment only, so that ingestion never waits long.
        var deleted = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = InWriteTransaction(command =>
            {
                command.CommandText =
                    """
                    CREATE TEMP TABLE IF NOT EXISTS expired_alerts(alert_id TEXT PRIMARY KEY);
                    DELETE FROM expired_alerts;
                    INSERT INTO expired_alerts SELECT alert_id FROM alerts WHERE status = 'resolved' AND updated_at < $cutoff LIMIT 500;
                    DELETE FROM alert_history WHERE alert_id IN (SELECT alert_id FROM expired_alerts);
                    DELETE FROM alerts WHERE alert_id IN (SELECT alert_id FROM expired_alerts);
                    """;
                command.Parameters.AddWithValue("$cutoff", UnixTime.ToMicroseconds(cutoff));
                command.ExecuteNonQuery();
                command.CommandText = "SELECT COUNT(*) FROM expired_alerts;";
                return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            });

            deleted += batch;
            if (batch < 500)
            {
                break;
            }
        }

        return Task.FromResult(deleted);
    }

    public async Task<DateTimeOffset?> GetFirstEntryTimeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(ts) FROM logs;";
        return await command.ExecuteScalarAsync(cancellationToken) is long ts ? UnixTime.FromMicroseconds(ts) : null;
    }

    private static async Task<List<Alert>> ReadAlertsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(JsonSerializer.Deserialize<Alert>(reader.GetString(0), AlertJson)!);
        }

        return alerts;
    }
}
