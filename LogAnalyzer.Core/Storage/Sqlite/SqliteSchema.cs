using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>The schema as numbered migrations; <c>schema_version</c> records the last one applied.</summary>
internal static class SqliteSchema
{
    // Ingestion speed is bounded by index maintenance, so the schema is designed for it:
    // - repeated strings (endpoints, users, sessions…) are stored once in `strings` and referenced by integer id,
    //   which keeps every index small; ids are given in order of first sight, so recent sessions cluster;
    // - indexes on optional columns are partial, so entries without the value cost nothing;
    // - users are found through `user_sessions` (one row per user and session, not per entry) and the session
    //   index; only entries with a user but no session carry a user index entry. A per-entry user index would
    //   touch one random page per entry, since returning users have old ids;
    // - the full-text index does not merge segments while ingesting (automerge = 0); the writer merges when idle,
    //   and FTS5's crisis merge bounds the segment count under sustained load.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE strings(
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            value TEXT NOT NULL,
            UNIQUE(kind, value));
        CREATE TABLE logs(
            id INTEGER PRIMARY KEY,
            ts INTEGER NOT NULL,
            level INTEGER NOT NULL,
            message TEXT NOT NULL,
            template TEXT,
            endpoint_id INTEGER,
            user_id INTEGER,
            session_id INTEGER,
            city_id INTEGER,
            error_code_id INTEGER,
            service_id INTEGER,
            response_time REAL,
            trace_id TEXT,
            span_id TEXT,
            exception TEXT,
            properties TEXT,
            anomaly_score REAL NOT NULL DEFAULT 0,
            is_anomaly INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX logs_ts ON logs(ts);
        CREATE INDEX logs_level_ts ON logs(level, ts);
        CREATE INDEX logs_session_ts ON logs(session_id, ts) WHERE session_id IS NOT NULL;
        CREATE INDEX logs_user_ts ON logs(user_id, ts) WHERE user_id IS NOT NULL AND session_id IS NULL;
        CREATE TABLE user_sessions(
            user_id INTEGER NOT NULL,
            session_id INTEGER NOT NULL,
            PRIMARY KEY(user_id, session_id)) WITHOUT ROWID;
        CREATE INDEX logs_error_code_ts ON logs(error_code_id, ts) WHERE error_code_id IS NOT NULL;
        CREATE INDEX logs_endpoint_ts ON logs(endpoint_id, ts) WHERE endpoint_id IS NOT NULL;
        CREATE INDEX logs_anomaly_ts ON logs(ts) WHERE is_anomaly = 1;
        CREATE VIRTUAL TABLE logs_fts USING fts5(message, exception, content='logs', content_rowid='id');
        INSERT INTO logs_fts(logs_fts, rank) VALUES ('automerge', 0);
        """,
        """
        ALTER TABLE logs ADD COLUMN pattern_id INTEGER;
        ALTER TABLE logs ADD COLUMN anomaly_reasons TEXT;
        CREATE INDEX logs_pattern_ts ON logs(pattern_id, ts) WHERE pattern_id IS NOT NULL;
        CREATE TABLE patterns(
            id TEXT PRIMARY KEY,
            template TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            count INTEGER NOT NULL,
            count_trace INTEGER NOT NULL DEFAULT 0,
            count_debug INTEGER NOT NULL DEFAULT 0,
            count_information INTEGER NOT NULL DEFAULT 0,
            count_warning INTEGER NOT NULL DEFAULT 0,
            count_error INTEGER NOT NULL DEFAULT 0,
            count_critical INTEGER NOT NULL DEFAULT 0,
            sample TEXT,
            merged_into TEXT) WITHOUT ROWID;
        CREATE INDEX patterns_count ON patterns(count DESC) WHERE merged_into IS NULL;
        CREATE INDEX patterns_merged_into ON patterns(merged_into) WHERE merged_into IS NOT NULL;
        """,
        // Without the per-row token counts (columnsize=0): they serve only bm25 ranking, which computes them on
        // demand instead, and keeping them cost a table insert per entry.
        """
        DROP TABLE logs_fts;
        CREATE VIRTUAL TABLE logs_fts USING fts5(message, exception, content='logs', content_rowid='id', columnsize=0);
        INSERT INTO logs_fts(logs_fts) VALUES ('rebuild');
        INSERT INTO logs_fts(logs_fts, rank) VALUES ('automerge', 0);
        """,
        """
        CREATE TABLE pattern_analyses(
            pattern_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            model TEXT,
            summary TEXT NOT NULL,
            root_cause TEXT NOT NULL,
            explanation TEXT NOT NULL,
            severity TEXT NOT NULL,
            category TEXT NOT NULL,
            fixes TEXT NOT NULL,
            analysed_at INTEGER NOT NULL,
            pattern_count INTEGER NOT NULL,
            failure TEXT) WITHOUT ROWID;
        """,
        """
        CREATE TABLE alerts(
            alert_id TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL,
            severity TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            body TEXT NOT NULL) WITHOUT ROWID;
        CREATE UNIQUE INDEX alerts_open_fingerprint ON alerts(fingerprint) WHERE status <> 'resolved';
        CREATE INDEX alerts_updated_at ON alerts(updated_at);
        CREATE TABLE alert_history(
            id INTEGER PRIMARY KEY,
            alert_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            change TEXT NOT NULL,
            body TEXT NOT NULL);
        CREATE INDEX alert_history_alert ON alert_history(alert_id, at);
        """,
        // Regressions, cooldowns and learned runbooks look up the resolved alerts of one fingerprint.
        """
        CREATE INDEX alerts_fingerprint_updated_at ON alerts(fingerprint, updated_at);
        """,
        // Per-minute rollups by level, kept by the writer in each batch's transaction, so that statistics and charts
        // read one row per minute instead of every entry; warning and error patterns per minute for trends; and the
        // copilot's conversations. Covering indexes for warnings and errors (search, recent errors) and for error codes
        // (blast radius): a few percent of the entries, read without touching the table.
        """
        CREATE TABLE log_minutes(
            minute INTEGER PRIMARY KEY,
            trace INTEGER NOT NULL,
            debug INTEGER NOT NULL,
            information INTEGER NOT NULL,
            warning INTEGER NOT NULL,
            error INTEGER NOT NULL,
            critical INTEGER NOT NULL,
            anomalies INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO log_minutes(minute, trace, debug, information, warning, error, critical, anomalies)
            SELECT ts / 60000000, SUM(level = 0), SUM(level = 1), SUM(level = 2), SUM(level = 3), SUM(level = 4), SUM(level = 5), SUM(is_anomaly)
            FROM logs GROUP BY ts / 60000000;
        CREATE TABLE pattern_minutes(
            minute INTEGER NOT NULL,
            pattern_id INTEGER NOT NULL,
            count INTEGER NOT NULL,
            score REAL NOT NULL,
            top_level INTEGER NOT NULL,
            PRIMARY KEY(minute, pattern_id)) WITHOUT ROWID;
        INSERT INTO pattern_minutes(minute, pattern_id, count, score, top_level)
            SELECT ts / 60000000, pattern_id, COUNT(*), SUM(anomaly_score), MAX(level)
            FROM logs WHERE level >= 3 AND pattern_id IS NOT NULL GROUP BY ts / 60000000, pattern_id;
        CREATE INDEX logs_problems ON logs(ts, level, endpoint_id, error_code_id, pattern_id, user_id, session_id, city_id, service_id)
            WHERE level >= 3;
        DROP INDEX logs_error_code_ts;
        CREATE INDEX logs_error_code_ts ON logs(error_code_id, ts, level, endpoint_id, user_id, session_id, city_id, pattern_id, service_id)
            WHERE error_code_id IS NOT NULL;
        CREATE TABLE conversations(
            id TEXT PRIMARY KEY,
            updated_at INTEGER NOT NULL,
            body TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX conversations_updated_at ON conversations(updated_at);
        """,
        // Full-text search of warnings and errors looks each hit up here by id: reading only the hits costs less than
        // scanning a day of warnings and testing each against them.
        """
        CREATE INDEX logs_problems_by_id ON logs(id, ts, level, endpoint_id, error_code_id, pattern_id, user_id, session_id, city_id, service_id)
            WHERE level >= 3;
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Applies the migrations the database lacks, each in its own transaction.</summary>
    public static void Migrate(SqliteConnection connection) => Migrate(connection, Migrations.Length);

    /// <summary>Migrates up to <paramref name="target"/> only (tests of a migration start from the version before).</summary>
    internal static void Migrate(SqliteConnection connection, int target)
    {
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);");
        var current = CurrentVersion(connection);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The LogAnalyzer database has schema version {current}, newer than this version of LogAnalyzer understands ({Migrations.Length}).");
        }

        for (var version = current + 1; version <= target; version++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, Migrations[version - 1]);
            Execute(connection, transaction, "DELETE FROM schema_version; INSERT INTO schema_version(version) VALUES ($v);", ("$v", version));
            transaction.Commit();
        }
    }

    /// <summary>The version recorded in the database; 0 for a new one.</summary>
    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
