using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>
/// The single write path: one connection, prepared statements reused across batches, one transaction per batch,
/// and an in-memory map of the ids of repeated strings.
/// </summary>
internal sealed class SqliteLogWriter : IDisposable
{
    private const int MaxCachedStrings = 100_000;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertLog;
    private readonly SqliteCommand _insertFts;
    private readonly SqliteCommand _findString;
    private readonly SqliteCommand _insertString;
    private readonly SqliteParameter[] _log;
    private readonly SqliteParameter[] _fts;
    private readonly Dictionary<(StringKind, string), long> _stringIds = [];
    private readonly List<(StringKind, string)> _stringsAddedInTransaction = [];

    public SqliteLogWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertLog = Prepare(
            """
            INSERT INTO logs(ts, level, message, template, endpoint_id, user_id, session_id, city_id, error_code_id,
                service_id, response_time, trace_id, span_id, exception, properties, anomaly_score, is_anomaly)
            VALUES ($ts, $level, $message, $template, $endpoint, $user, $session, $city, $errorCode,
                $service, $responseTime, $traceId, $spanId, $exception, $properties, $score, $anomaly);
            """,
            out _log,
            "$ts", "$level", "$message", "$template", "$endpoint", "$user", "$session", "$city", "$errorCode",
            "$service", "$responseTime", "$traceId", "$spanId", "$exception", "$properties", "$score", "$anomaly");
        _insertFts = Prepare("INSERT INTO logs_fts(rowid, message, exception) VALUES ($id, $message, $exception);", out _fts, "$id", "$message", "$exception");
        _findString = Prepare("SELECT id FROM strings WHERE kind = $kind AND value = $value;", out _, "$kind", "$value");
        _insertString = Prepare("INSERT INTO strings(kind, value) VALUES ($kind, $value);", out _, "$kind", "$value");
    }

    public void Append(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var transaction = _connection.BeginTransaction(deferred: false);
        try
        {
            SetTransaction(transaction);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                BindLog(entry);
                _insertLog.ExecuteNonQuery();
                var id = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
                _fts[0].Value = id;
                _fts[1].Value = entry.Message;
                _fts[2].Value = (object?)entry.Exception ?? DBNull.Value;
                _insertFts.ExecuteNonQuery();
                entry.Id = id;
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            _stringsAddedInTransaction.Clear();
        }
        catch
        {
            // The rollback undoes the strings inserted in this transaction, so their cached ids are void too.
            foreach (var key in _stringsAddedInTransaction)
            {
                _stringIds.Remove(key);
            }

            _stringsAddedInTransaction.Clear();
            for (var i = 0; i < entries.Count; i++)
            {
                entries[i].Id = 0;
            }

            throw;
        }
    }

    public void Dispose()
    {
        _insertLog.Dispose();
        _insertFts.Dispose();
        _findString.Dispose();
        _insertString.Dispose();
    }

    private void BindLog(LogEntry entry)
    {
        _log[0].Value = UnixTime.ToMicroseconds(entry.Timestamp);
        _log[1].Value = (int)entry.Level;
        _log[2].Value = entry.Message;
        _log[3].Value = (object?)entry.MessageTemplate ?? DBNull.Value;
        _log[4].Value = StringId(StringKind.Endpoint, entry.Endpoint);
        _log[5].Value = StringId(StringKind.User, entry.UserId);
        _log[6].Value = StringId(StringKind.Session, entry.SessionId);
        _log[7].Value = StringId(StringKind.City, entry.City);
        _log[8].Value = StringId(StringKind.ErrorCode, entry.ErrorCode);
        _log[9].Value = StringId(StringKind.Service, entry.Service);
        _log[10].Value = entry.ResponseTime is { } rt ? rt : DBNull.Value;
        _log[11].Value = (object?)entry.TraceId ?? DBNull.Value;
        _log[12].Value = (object?)entry.SpanId ?? DBNull.Value;
        _log[13].Value = (object?)entry.Exception ?? DBNull.Value;
        _log[14].Value = (object?)PropertyJson.Serialize(entry.Properties) ?? DBNull.Value;
        _log[15].Value = entry.AnomalyScore;
        _log[16].Value = entry.IsAnomaly ? 1 : 0;
    }

    private object StringId(StringKind kind, string? value)
    {
        if (value is null)
        {
            return DBNull.Value;
        }

        var key = (kind, value);
        if (_stringIds.TryGetValue(key, out var id))
        {
            return id;
        }

        _findString.Parameters[0].Value = (int)kind;
        _findString.Parameters[1].Value = value;
        if (_findString.ExecuteScalar() is long found)
        {
            id = found;
        }
        else
        {
            _insertString.Parameters[0].Value = (int)kind;
            _insertString.Parameters[1].Value = value;
            _insertString.ExecuteNonQuery();
            id = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
            _stringsAddedInTransaction.Add(key);
        }

        if (_stringIds.Count >= MaxCachedStrings)
        {
            // High-cardinality values (sessions) would otherwise grow the map without bound.
            _stringIds.Clear();
            _stringsAddedInTransaction.Clear();
        }

        _stringIds[key] = id;
        return id;
    }

    private void SetTransaction(SqliteTransaction transaction)
    {
        _insertLog.Transaction = transaction;
        _insertFts.Transaction = transaction;
        _findString.Transaction = transaction;
        _insertString.Transaction = transaction;
    }

    private SqliteCommand Prepare(string sql, out SqliteParameter[] parameters, params string[] names)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        parameters = new SqliteParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter { ParameterName = names[i], Value = DBNull.Value });
        }

        command.Prepare();
        return command;
    }
}
