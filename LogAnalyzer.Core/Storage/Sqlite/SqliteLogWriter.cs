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
    private readonly RawStatement _insertLog;
    private readonly RawStatement _insertFts;
    private readonly RawStatement _upsertPattern;
    private readonly Dictionary<string, PatternTally> _patternTallies = new(StringComparer.Ordinal);
    private readonly RawStatement _upsertMinute;
    private readonly RawStatement _upsertPatternMinute;

    /// <summary>Per minute and warning or error pattern of the batch: entries, the sum of their anomaly scores, the highest level.</summary>
    private readonly Dictionary<(long Minute, long Pattern), (long Count, double Score, int TopLevel)> _patternMinutes = [];

    /// <summary>Per minute of the batch: entries per level (Trace to Critical), then anomalies.</summary>
    private readonly Dictionary<long, long[]> _minuteTallies = [];
    private readonly SqliteCommand _findString;
    private readonly SqliteCommand _insertString;
    private readonly SqliteCommand _insertUserSession;
    private readonly SqliteCommand _merge;
    private readonly Dictionary<(StringKind, string), long> _stringIds = [];
    private readonly List<(StringKind, string)> _stringsAddedInTransaction = [];
    private readonly HashSet<(long User, long Session)> _userSessions = [];
    private readonly List<(long, long)> _userSessionsAddedInTransaction = [];

    public SqliteLogWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertLog = new RawStatement(
            connection,
            """
            INSERT INTO logs(ts, level, message, template, endpoint_id, user_id, session_id, city_id, error_code_id,
                service_id, response_time, trace_id, span_id, exception, properties, anomaly_score, is_anomaly,
                pattern_id, anomaly_reasons)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19);
            """);
        _upsertPattern = new RawStatement(
            connection,
            """
            INSERT INTO patterns(id, template, first_seen, last_seen, count, count_trace, count_debug, count_information,
                count_warning, count_error, count_critical, sample)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            ON CONFLICT(id) DO UPDATE SET
                template = excluded.template,
                first_seen = min(first_seen, excluded.first_seen),
                last_seen = max(last_seen, excluded.last_seen),
                count = count + excluded.count,
                count_trace = count_trace + excluded.count_trace,
                count_debug = count_debug + excluded.count_debug,
                count_information = count_information + excluded.count_information,
                count_warning = count_warning + excluded.count_warning,
                count_error = count_error + excluded.count_error,
                count_critical = count_critical + excluded.count_critical,
                merged_into = NULL;
            """);
        _upsertMinute = new RawStatement(
            connection,
            """
            INSERT INTO log_minutes(minute, trace, debug, information, warning, error, critical, anomalies)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT(minute) DO UPDATE SET
                trace = trace + excluded.trace, debug = debug + excluded.debug, information = information + excluded.information,
                warning = warning + excluded.warning, error = error + excluded.error, critical = critical + excluded.critical,
                anomalies = anomalies + excluded.anomalies;
            """);
        _upsertPatternMinute = new RawStatement(
            connection,
            """
            INSERT INTO pattern_minutes(minute, pattern_id, count, score, top_level) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT(minute, pattern_id) DO UPDATE SET
                count = count + excluded.count, score = score + excluded.score, top_level = max(top_level, excluded.top_level);
            """);
        _insertFts = new RawStatement(connection, "INSERT INTO logs_fts(rowid, message, exception) VALUES (?1, ?2, ?3);");
        _findString = Prepare("SELECT id FROM strings WHERE kind = $kind AND value = $value;", out _, "$kind", "$value");
        _insertString = Prepare("INSERT INTO strings(kind, value) VALUES ($kind, $value) ON CONFLICT(kind, value) DO NOTHING;", out _, "$kind", "$value");
        _insertUserSession = Prepare("INSERT OR IGNORE INTO user_sessions(user_id, session_id) VALUES ($user, $session);", out _, "$user", "$session");
        _merge = Prepare("INSERT INTO logs_fts(logs_fts, rank) VALUES ('merge', $pages);", out _, "$pages");
    }

    /// <summary>
    /// Does a bounded step of the full-text index's segment merging, which ingestion defers.
    /// Returns whether more merging remains.
    /// </summary>
    public bool MergeStep(int pages)
    {
        _merge.Transaction = null;
        _merge.Parameters[0].Value = pages;
        var before = SQLitePCL.raw.sqlite3_total_changes(_connection.Handle);
        _merge.ExecuteNonQuery();
        // FTS5 reports merge work through the change counter: fewer than two changes means nothing was left to merge.
        return SQLitePCL.raw.sqlite3_total_changes(_connection.Handle) - before >= 2;
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
                var patternKey = BindLog(entry);
                _insertLog.Execute();
                var id = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
                _insertFts.Bind(1, id);
                _insertFts.Bind(2, entry.Message);
                _insertFts.Bind(3, entry.Exception);
                _insertFts.Execute();
                entry.Id = id;
                Tally(entry, patternKey);
            }

            WritePatternTallies();
            WriteMinuteTallies();
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            _stringsAddedInTransaction.Clear();
            _userSessionsAddedInTransaction.Clear();
        }
        catch
        {
            // The rollback undoes the strings inserted in this transaction, so their cached ids are void too.
            foreach (var key in _stringsAddedInTransaction)
            {
                _stringIds.Remove(key);
            }

            _stringsAddedInTransaction.Clear();
            foreach (var pair in _userSessionsAddedInTransaction)
            {
                _userSessions.Remove(pair);
            }

            _userSessionsAddedInTransaction.Clear();
            _patternTallies.Clear();
            _minuteTallies.Clear();
            _patternMinutes.Clear();
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
        _insertUserSession.Dispose();
        _merge.Dispose();
        _upsertPattern.Dispose();
        _upsertMinute.Dispose();
        _upsertPatternMinute.Dispose();
    }

    /// <summary>Binds the entry's columns; returns its pattern's string id, which the tallies reuse.</summary>
    private long? BindLog(LogEntry entry)
    {
        var user = StringId(StringKind.User, entry.UserId);
        var session = StringId(StringKind.Session, entry.SessionId);
        if (user is { } userId && session is { } sessionId)
        {
            LinkUserSession(userId, sessionId);
        }

        _insertLog.Bind(1, UnixTime.ToMicroseconds(entry.Timestamp));
        _insertLog.Bind(2, (long)entry.Level);
        _insertLog.Bind(3, entry.Message);
        _insertLog.Bind(4, entry.MessageTemplate);
        _insertLog.Bind(5, StringId(StringKind.Endpoint, entry.Endpoint));
        _insertLog.Bind(6, user);
        _insertLog.Bind(7, session);
        _insertLog.Bind(8, StringId(StringKind.City, entry.City));
        _insertLog.Bind(9, StringId(StringKind.ErrorCode, entry.ErrorCode));
        _insertLog.Bind(10, StringId(StringKind.Service, entry.Service));
        _insertLog.Bind(11, entry.ResponseTime);
        _insertLog.Bind(12, entry.TraceId);
        _insertLog.Bind(13, entry.SpanId);
        _insertLog.Bind(14, entry.Exception);
        _insertLog.Bind(15, PropertyJson.Serialize(entry.Properties));
        _insertLog.Bind(16, (double?)entry.AnomalyScore);
        _insertLog.Bind(17, entry.IsAnomaly ? 1L : 0L);
        var pattern = StringId(StringKind.Pattern, entry.PatternId);
        _insertLog.Bind(18, pattern);
        _insertLog.Bind(19, entry.AnomalyReasons.Count == 0 ? null : string.Join(',', entry.AnomalyReasons));
        return pattern;
    }

    private void Tally(LogEntry entry, long? patternKey)
    {
        var minute = UnixTime.ToMicroseconds(entry.Timestamp) / UnixTime.MicrosecondsPerMinute;
        if (!_minuteTallies.TryGetValue(minute, out var counts))
        {
            counts = new long[7];
            _minuteTallies[minute] = counts;
        }

        counts[(int)entry.Level]++;
        counts[6] += entry.IsAnomaly ? 1 : 0;
        if (entry.PatternId is not { } id)
        {
            return;
        }

        if (entry.Level >= LogEntryLevel.Warning && patternKey is { } stringId)
        {
            var key = (minute, stringId);
            var (count, score, top) = _patternMinutes.GetValueOrDefault(key);
            _patternMinutes[key] = (count + 1, score + entry.AnomalyScore, Math.Max(top, (int)entry.Level));
        }

        if (!_patternTallies.TryGetValue(id, out var tally))
        {
            tally = new PatternTally(entry.Template ?? entry.MessageTemplate ?? entry.Message, entry.Message, entry.Timestamp);
            _patternTallies[id] = tally;
        }

        tally.Add(entry);
    }

    /// <summary>One upsert per pattern per batch, not per entry.</summary>
    private void WritePatternTallies()
    {
        foreach (var (id, tally) in _patternTallies)
        {
            _upsertPattern.Bind(1, id);
            _upsertPattern.Bind(2, tally.Template);
            _upsertPattern.Bind(3, UnixTime.ToMicroseconds(tally.FirstSeen));
            _upsertPattern.Bind(4, UnixTime.ToMicroseconds(tally.LastSeen));
            _upsertPattern.Bind(5, tally.Count);
            for (var level = 0; level < tally.ByLevel.Length; level++)
            {
                _upsertPattern.Bind(6 + level, tally.ByLevel[level]);
            }

            _upsertPattern.Bind(12, tally.Sample);
            _upsertPattern.Execute();
        }

        _patternTallies.Clear();
    }

    /// <summary>One upsert per minute per batch: the rollups that charts and trends read instead of the entries.</summary>
    private void WriteMinuteTallies()
    {
        foreach (var (minute, counts) in _minuteTallies)
        {
            _upsertMinute.Bind(1, minute);
            for (var i = 0; i < counts.Length; i++)
            {
                _upsertMinute.Bind(2 + i, counts[i]);
            }

            _upsertMinute.Execute();
        }

        _minuteTallies.Clear();
        foreach (var ((minute, pattern), (count, score, top)) in _patternMinutes)
        {
            _upsertPatternMinute.Bind(1, minute);
            _upsertPatternMinute.Bind(2, pattern);
            _upsertPatternMinute.Bind(3, count);
            _upsertPatternMinute.Bind(4, score);
            _upsertPatternMinute.Bind(5, (long)top);
            _upsertPatternMinute.Execute();
        }

        _patternMinutes.Clear();
    }

    private long? StringId(StringKind kind, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var key = (kind, value);
        if (_stringIds.TryGetValue(key, out var id))
        {
            return id;
        }

        // A value not in the map is most often new: try to add it first, and look it up only if it exists.
        _insertString.Parameters[0].Value = (int)kind;
        _insertString.Parameters[1].Value = value;
        if (_insertString.ExecuteNonQuery() == 1)
        {
            id = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
            _stringsAddedInTransaction.Add(key);
        }
        else
        {
            _findString.Parameters[0].Value = (int)kind;
            _findString.Parameters[1].Value = value;
            id = (long)_findString.ExecuteScalar()!;
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

    private void LinkUserSession(long user, long session)
    {
        if (_userSessions.Count >= MaxCachedStrings)
        {
            _userSessions.Clear();
            _userSessionsAddedInTransaction.Clear();
        }

        if (_userSessions.Add((user, session)))
        {
            _insertUserSession.Parameters[0].Value = user;
            _insertUserSession.Parameters[1].Value = session;
            _insertUserSession.ExecuteNonQuery();
            _userSessionsAddedInTransaction.Add((user, session));
        }
    }

    private void SetTransaction(SqliteTransaction transaction)
    {
        _insertUserSession.Transaction = transaction;
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
