using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Benchmarks.Storage;

/// <summary>
/// The reference point: plain prepared INSERTs of the same rows into the same schema (the logs table with all its
/// indexes and the full-text index), one transaction per chunk, with the string ids resolved before timing starts.
/// It is the least work any writer of this schema must do.
/// </summary>
public sealed class PlainPreparedInserter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _fts;
    private readonly SqliteCommand _userSession;
    private readonly SqliteCommand _string;
    private readonly Dictionary<(int, string), long> _ids = [];

    public PlainPreparedInserter(string path)
    {
        _connection = new SqliteConnection($"Data Source={path}");
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        SqliteSchema.Migrate(_connection);
        _insert = _connection.CreateCommand();
        _insert.CommandText =
            """
            INSERT INTO logs(ts, level, message, template, endpoint_id, user_id, session_id, city_id, error_code_id,
                service_id, response_time, trace_id, span_id, exception, properties, anomaly_score, is_anomaly)
            VALUES ($ts, $level, $message, NULL, $endpoint, $user, $session, $city, $errorCode, $service, $responseTime,
                NULL, NULL, NULL, NULL, 0, 0);
            """;
        foreach (var name in new[] { "$ts", "$level", "$message", "$endpoint", "$user", "$session", "$city", "$errorCode", "$service", "$responseTime" })
        {
            _insert.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        _fts = _connection.CreateCommand();
        _fts.CommandText = "INSERT INTO logs_fts(rowid, message, exception) VALUES ($id, $message, NULL);";
        _fts.Parameters.Add(new SqliteParameter("$id", DBNull.Value));
        _fts.Parameters.Add(new SqliteParameter("$message", DBNull.Value));
        _userSession = _connection.CreateCommand();
        _userSession.CommandText = "INSERT OR IGNORE INTO user_sessions(user_id, session_id) VALUES ($user, $session);";
        _userSession.Parameters.Add(new SqliteParameter("$user", DBNull.Value));
        _userSession.Parameters.Add(new SqliteParameter("$session", DBNull.Value));
        _string = _connection.CreateCommand();
        _string.CommandText = "INSERT INTO strings(id, kind, value) VALUES ($id, $kind, $value);";
        _string.Parameters.Add(new SqliteParameter("$id", DBNull.Value));
        _string.Parameters.Add(new SqliteParameter("$kind", DBNull.Value));
        _string.Parameters.Add(new SqliteParameter("$value", DBNull.Value));
    }

    /// <summary>
    /// Rows ready to bind: every value computed and every string id chosen. Each row also carries the strings it
    /// sees first (inserted with it, as the schema stores each string once) and whether its user and session pair
    /// is new (recorded once).
    /// </summary>
    public object[][] Prepare(IReadOnlyList<LogEntry> entries)
    {
        var pairs = new HashSet<(object, object)>();
        return entries.Select(e =>
        {
            var added = new List<(long Id, int Kind, string Value)>();
            var user = Id(2, e.UserId, added);
            var session = Id(3, e.SessionId, added);
            return new object[]
            {
                UnixTime.ToMicroseconds(e.Timestamp), (int)e.Level, e.Message, Id(1, e.Endpoint, added), user,
                session, Id(4, e.City, added), Id(5, e.ErrorCode, added), Id(6, e.Service, added),
                e.ResponseTime is { } rt ? rt : DBNull.Value, added.ToArray(), pairs.Add((user, session)),
            };
        }).ToArray();
    }

    public void Insert(object[][] rows, int transactionSize)
    {
        _insert.Prepare();
        _fts.Prepare();
        _userSession.Prepare();
        _string.Prepare();
        for (var start = 0; start < rows.Length; start += transactionSize)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            _fts.Transaction = transaction;
            _userSession.Transaction = transaction;
            _string.Transaction = transaction;
            var end = Math.Min(rows.Length, start + transactionSize);
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                foreach (var (id, kind, value) in (ValueTuple<long, int, string>[])row[10])
                {
                    _string.Parameters[0].Value = id;
                    _string.Parameters[1].Value = kind;
                    _string.Parameters[2].Value = value;
                    _string.ExecuteNonQuery();
                }

                for (var p = 0; p < _insert.Parameters.Count; p++)
                {
                    _insert.Parameters[p].Value = row[p];
                }

                _insert.ExecuteNonQuery();
                if ((bool)row[11])
                {
                    _userSession.Parameters[0].Value = row[4];
                    _userSession.Parameters[1].Value = row[5];
                    _userSession.ExecuteNonQuery();
                }

                _fts.Parameters[0].Value = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
                _fts.Parameters[1].Value = row[2];
                _fts.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _fts.Dispose();
        _userSession.Dispose();
        _string.Dispose();
        _connection.Dispose();
    }

    private object Id(int kind, string? value, List<(long, int, string)> added)
    {
        if (value is null)
        {
            return DBNull.Value;
        }

        if (!_ids.TryGetValue((kind, value), out var id))
        {
            id = _ids.Count + 1;
            _ids[(kind, value)] = id;
            added.Add((id, kind, value));
        }

        return id;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
