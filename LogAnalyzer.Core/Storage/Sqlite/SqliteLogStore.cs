using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. One writer connection with prepared statements; every read
/// opens its own pooled connection, so reads run beside writes and each other.
/// </summary>
internal sealed partial class SqliteLogStore : ILogStore, IPatternStore, IPatternAnalysisStore, Alerts.IAlertStore, Impact.IImpactStore, Insights.IInsightStore, IStoreMaintenance, IEntryRetention, IDisposable
{
    private const string SelectEntry =
        """
        SELECT l.id, l.ts, l.level, l.message, l.template, e.value, u.value, s.value, c.value, ec.value, sv.value,
               l.response_time, l.trace_id, l.span_id, l.exception, l.properties, l.anomaly_score, l.is_anomaly,
               COALESCE(pr.merged_into, pt.value), pc.template, l.anomaly_reasons
        FROM logs l
        LEFT JOIN strings e ON e.id = l.endpoint_id
        LEFT JOIN strings u ON u.id = l.user_id
        LEFT JOIN strings s ON s.id = l.session_id
        LEFT JOIN strings c ON c.id = l.city_id
        LEFT JOIN strings ec ON ec.id = l.error_code_id
        LEFT JOIN strings sv ON sv.id = l.service_id
        LEFT JOIN strings pt ON pt.id = l.pattern_id
        LEFT JOIN patterns pr ON pr.id = pt.value
        LEFT JOIN patterns pc ON pc.id = COALESCE(pr.merged_into, pt.value)
        """;

    private readonly string _connectionString;
    private readonly SqliteDurability _durability;
    private readonly Lock _writeLock = new();
    private SqliteConnection? _writeConnection;
    private SqliteLogWriter? _writer;
    private WalCheckpointer? _checkpointer;

    public SqliteLogStore(IOptions<LogAnalyzerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sqlite = options.Value.Sqlite;
        DatabasePath = Path.GetFullPath(sqlite.Path);
        _durability = sqlite.Durability;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Checkpoints the background checkpointer has run (for tests).</summary>
    internal long Checkpoints => _checkpointer?.Checkpoints ?? 0;

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Runs <paramref name="write"/> in one transaction on the writer connection, under the write lock.</summary>
    private T InWriteTransaction<T>(Func<SqliteCommand, T> write)
    {
        lock (_writeLock)
        {
            var connection = _writeConnection ?? throw new InvalidOperationException("The store is not initialized: call InitializeAsync first.");
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var result = write(command);
            transaction.Commit();
            return result;
        }
    }

    private void InWriteTransaction(Action<SqliteCommand> write) => InWriteTransaction(command =>
    {
        write(command);
        return 0;
    });

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            if (_writer is not null)
            {
                return Task.CompletedTask;
            }

            var folder = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            var connection = new SqliteConnection(_connectionString);
            try
            {
                connection.Open();
                Pragma(connection, "journal_mode = WAL");
                Pragma(connection, _durability == SqliteDurability.Full ? "synchronous = FULL" : "synchronous = NORMAL");
                Pragma(connection, $"wal_autocheckpoint = {WalCheckpointer.WriterBackstopPages}");
                SqliteSchema.Migrate(connection);
                var checkpointer = new WalCheckpointer(_connectionString);
                _writer = new SqliteLogWriter(connection);
                _writeConnection = connection;
                _checkpointer = checkpointer;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        return Task.CompletedTask;
    }

    public Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        lock (_writeLock)
        {
            var writer = _writer ?? throw new InvalidOperationException("The store is not initialized: call InitializeAsync first.");
            writer.Append(entries, cancellationToken);
        }

        _checkpointer?.Committed(entries.Count);

        return Task.CompletedTask;
    }

    public bool RunMaintenanceStep()
    {
        lock (_writeLock)
        {
            return _writer?.MergeStep(pages: 64) ?? false;
        }
    }

    public async Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = BuildFilter(query, command);

        command.CommandText = $"SELECT COUNT(*) FROM logs l{where};";
        var total = (long)(await command.ExecuteScalarAsync(cancellationToken))!;

        command.CommandText = $"{SelectEntry}{where} {OrderBy(query)} LIMIT $limit OFFSET $offset;";
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.Parameters.AddWithValue("$offset", (long)(query.Page - 1) * query.Limit);
        var entries = await ReadEntriesAsync(command, cancellationToken);
        return new LogPage(total, entries);
    }

    /// <summary>SQLite's plan for the page query of <paramref name="query"/>: which index each step uses.</summary>
    internal async Task<List<string>> ExplainAsync(LogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = BuildFilter(query, command);
        command.CommandText = $"EXPLAIN QUERY PLAN {SelectEntry}{where} {OrderBy(query)} LIMIT 50;";
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    public async Task<LogEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectEntry} WHERE l.id = $id;";
        command.Parameters.AddWithValue("$id", id);
        var entries = await ReadEntriesAsync(command, cancellationToken);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<LogStats> GetStatsAsync(int recentErrors, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One read transaction, so the counts describe one snapshot.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        command.Transaction = transaction;
        var byLevel = new Dictionary<LogEntryLevel, long>();
        long total = 0;
        long anomalies;

        // From the per-minute rollups the writer keeps with every batch: one row per minute, not one per entry.
        command.CommandText = "SELECT SUM(trace), SUM(debug), SUM(information), SUM(warning), SUM(error), SUM(critical), SUM(anomalies) FROM log_minutes;";
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            for (var level = 0; level < 6; level++)
            {
                if (!reader.IsDBNull(level) && reader.GetInt64(level) is > 0 and var count)
                {
                    byLevel[(LogEntryLevel)level] = count;
                    total += count;
                }
            }

            anomalies = reader.IsDBNull(6) ? 0 : reader.GetInt64(6);
        }

        command.CommandText =
            $"""
            {SelectEntry} WHERE l.id IN (
                SELECT id FROM logs INDEXED BY logs_problems WHERE level >= 3 AND level IN ({(int)LogEntryLevel.Error}, {(int)LogEntryLevel.Critical})
                ORDER BY ts DESC LIMIT $limit)
            ORDER BY l.ts DESC, l.id DESC;
            """;
        command.Parameters.AddWithValue("$limit", recentErrors);
        var recent = await ReadEntriesAsync(command, cancellationToken);
        return new LogStats(total, anomalies, byLevel, recent);
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _checkpointer, null)?.Dispose();
        lock (_writeLock)
        {
            _writer?.Dispose();
            _writer = null;
            _writeConnection?.Dispose();
            _writeConnection = null;
        }

        using var clear = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(clear);
    }

    /// <summary>The most index tokens one full-text search looks up; the rest of a longer text is left out.</summary>
    internal const int MaxSearchTokens = 32;

    internal static string ToFtsQuery(string text)
    {
        // Each word of the user's text becomes a quoted FTS5 phrase of the tokens the tokenizer would make of it,
        // so no input can be read as FTS5 syntax; a trailing * keeps its prefix meaning.
        var query = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tokenCount = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = word.EndsWith('*');
            var tokens = new StringBuilder();
            foreach (var ch in word)
            {
                if (char.IsLetterOrDigit(ch))
                {
                    tokens.Append(ch);
                }
                else if (tokens.Length > 0 && tokens[^1] != ' ')
                {
                    tokens.Append(' ');
                }
            }

            var phrase = tokens.ToString().Trim();

            // The same phrase twice narrows nothing and costs a second pass over the index; and each token is a
            // lookup, so a search holds at most MaxSearchTokens of them whatever the words look like ("a.a.a…").
            if (phrase.Length == 0 || !seen.Add(prefix ? phrase + "*" : phrase))
            {
                continue;
            }

            tokenCount += phrase.Count(c => c == ' ') + 1;
            if (tokenCount > MaxSearchTokens)
            {
                break;
            }

            query.Append(query.Length == 0 ? "\"" : " \"").Append(phrase).Append('"');
            if (prefix)
            {
                query.Append('*');
            }
        }

        return query.ToString();
    }

    /// <summary>
    /// Newest first, or oldest. When the filter selects a set of ids (a user's entries, a text search), the unary plus
    /// keeps SQLite from walking the whole time index in order and probing each row; it sorts the few matches instead.
    /// </summary>
    private static string OrderBy(LogQuery query)
    {
        var direction = query.OldestFirst ? "ASC" : "DESC";
        var time = query.UserId is not null || !string.IsNullOrWhiteSpace(query.Text) ? "+l.ts" : "l.ts";
        return $"ORDER BY {time} {direction}, l.id {direction}";
    }

    private static string BuildFilter(LogQuery query, SqliteCommand command)
    {
        var where = new List<string>();
        if (query.Levels.Count > 0)
        {
            where.Add($"l.level IN ({string.Join(", ", query.Levels.Distinct().Select(l => ((int)l).ToString(CultureInfo.InvariantCulture)))})");
        }

        if (query.From is { } from)
        {
            where.Add("l.ts >= $from");
            command.Parameters.AddWithValue("$from", UnixTime.ToMicroseconds(from));
        }

        if (query.To is { } to)
        {
            where.Add("l.ts < $to");
            command.Parameters.AddWithValue("$to", UnixTime.ToMicroseconds(to));
        }

        AddStringFilter(where, command, "endpoint_id", StringKind.Endpoint, query.Endpoint);
        if (query.UserId is not null)
        {
            // A user's entries are those of the user's sessions, plus the user's entries without a session.
            where.Add(
                """
                l.id IN (
                    SELECT s.id FROM logs s
                    WHERE s.session_id IN (SELECT us.session_id FROM user_sessions us WHERE us.user_id = (SELECT id FROM strings WHERE kind = 2 AND value = $user_id))
                      AND s.user_id = (SELECT id FROM strings WHERE kind = 2 AND value = $user_id)
                    UNION ALL
                    SELECT n.id FROM logs n
                    WHERE n.user_id = (SELECT id FROM strings WHERE kind = 2 AND value = $user_id) AND n.session_id IS NULL)
                """);
            command.Parameters.AddWithValue("$user_id", query.UserId);
        }

        AddStringFilter(where, command, "session_id", StringKind.Session, query.SessionId);
        AddStringFilter(where, command, "error_code_id", StringKind.ErrorCode, query.ErrorCode);
        if (query.PatternId is not null)
        {
            where.Add(
                """
                l.pattern_id IN (SELECT s.id FROM strings s WHERE s.kind = 7
                    AND (s.value = $pattern_id OR s.value IN (SELECT m.id FROM patterns m WHERE m.merged_into = $pattern_id)))
                """);
            command.Parameters.AddWithValue("$pattern_id", query.PatternId);
        }

        if (query.AnomalyOnly)
        {
            where.Add("l.is_anomaly = 1");
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var fts = ToFtsQuery(query.Text);
            // Text with no searchable word matches nothing rather than everything.
            where.Add(fts.Length == 0 ? "0" : "l.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH $text)");
            command.Parameters.AddWithValue("$text", fts);
        }

        return where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
    }

    private static void AddStringFilter(List<string> where, SqliteCommand command, string column, StringKind kind, string? value)
    {
        if (value is null)
        {
            return;
        }

        var name = "$" + column;
        where.Add($"l.{column} = (SELECT id FROM strings WHERE kind = {(int)kind} AND value = {name})");
        command.Parameters.AddWithValue(name, value);
    }

    private static async Task<List<LogEntry>> ReadEntriesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<LogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LogEntry
            {
                Id = reader.GetInt64(0),
                Timestamp = UnixTime.FromMicroseconds(reader.GetInt64(1)),
                Level = (LogEntryLevel)reader.GetInt32(2),
                Message = reader.GetString(3),
                MessageTemplate = StringOrNull(reader, 4),
                Endpoint = StringOrNull(reader, 5),
                UserId = StringOrNull(reader, 6),
                SessionId = StringOrNull(reader, 7),
                City = StringOrNull(reader, 8),
                ErrorCode = StringOrNull(reader, 9),
                Service = StringOrNull(reader, 10),
                ResponseTime = reader.IsDBNull(11) ? null : reader.GetDouble(11),
                TraceId = StringOrNull(reader, 12),
                SpanId = StringOrNull(reader, 13),
                Exception = StringOrNull(reader, 14),
                Properties = PropertyJson.Deserialize(StringOrNull(reader, 15)),
                AnomalyScore = reader.GetDouble(16),
                IsAnomaly = reader.GetInt64(17) != 0,
                PatternId = StringOrNull(reader, 18),
                Template = StringOrNull(reader, 19),
                AnomalyReasons = StringOrNull(reader, 20)?.Split(',') ?? [],
            });
        }

        return entries;
    }

    private static string? StringOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma + ";";
        command.ExecuteNonQuery();
    }

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // Scans of a day of entries read tens of thousands of pages: map the file instead of copying each page
        // through read(), and keep more of it cached per (pooled) connection.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
