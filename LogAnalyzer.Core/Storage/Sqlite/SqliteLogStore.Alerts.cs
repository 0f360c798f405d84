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
            await using var cityReader = await command.ExecuteReaderAsync(cancellationToken);
            while (await cityReader.ReadAsync(cancellationToken))
            {
                cities.Add(cityReader.GetString(0));
            }
        }

        return new WindowStats(total, failures, users, sessions, cities, endpoints);
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
        ArgumentNullException.ThrowIfNull(alert);
        var body = JsonSerializer.Serialize(alert, AlertJson);
        lock (_writeLock)
        {
            var connection = _writeConnection ?? throw new InvalidOperationException("The store is not initialized: call InitializeAsync first.");
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                """
                INSERT INTO alerts(alert_id, fingerprint, status, severity, updated_at, body) VALUES ($id, $fingerprint, $status, $severity, $updated, $body)
                ON CONFLICT(alert_id) DO UPDATE SET status = excluded.status, severity = excluded.severity, updated_at = excluded.updated_at, body = excluded.body;
                """;
            command.Parameters.AddWithValue("$id", alert.AlertId);
            command.Parameters.AddWithValue("$fingerprint", alert.Fingerprint);
            command.Parameters.AddWithValue("$status", alert.Status);
            command.Parameters.AddWithValue("$severity", alert.Severity);
            command.Parameters.AddWithValue("$updated", UnixTime.ToMicroseconds(alert.UpdatedAt));
            command.Parameters.AddWithValue("$body", body);
            command.ExecuteNonQuery();
            if (change is not null)
            {
                command.CommandText = "INSERT INTO alert_history(alert_id, at, change, body) VALUES ($id, $updated, $change, $body);";
                command.Parameters.AddWithValue("$change", change);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
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

    /// <summary>The history of one alert, oldest first (for tests and the dashboard).</summary>
    internal async Task<IReadOnlyList<string>> GetAlertHistoryAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT change FROM alert_history WHERE alert_id = $id ORDER BY at, id;";
        command.Parameters.AddWithValue("$id", alertId);
        var changes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(reader.GetString(0));
        }

        return changes;
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
