namespace LogAnalyzer.Storage.Sqlite;

/// <summary>Deleting old entries a small transaction at a time, with their full-text rows and rollups.</summary>
internal sealed partial class SqliteLogStore
{
    public Task<int> DeleteEntriesBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Whole minutes, so a minute's rollup row goes exactly when the last of its entries does.
        var cutoffMinute = UnixTime.ToMicroseconds(cutoff) / UnixTime.MicrosecondsPerMinute;
        var deleted = InWriteTransaction(command =>
        {
            command.CommandText =
                """
                CREATE TEMP TABLE IF NOT EXISTS expired_logs(id INTEGER PRIMARY KEY, ts INTEGER NOT NULL);
                DELETE FROM expired_logs;
                INSERT INTO expired_logs SELECT id, ts FROM logs WHERE ts < $cutoff ORDER BY ts LIMIT $limit;
                INSERT INTO logs_fts(logs_fts, rowid, message, exception)
                    SELECT 'delete', l.id, l.message, l.exception FROM logs l JOIN expired_logs e ON e.id = l.id;
                DELETE FROM logs WHERE id IN (SELECT id FROM expired_logs);
                SELECT COUNT(*), MAX(ts) FROM expired_logs;
                """;
            command.Parameters.AddWithValue("$cutoff", cutoffMinute * UnixTime.MicrosecondsPerMinute);
            command.Parameters.AddWithValue("$limit", limit);
            int count;
            long? newest;
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                count = reader.GetInt32(0);
                newest = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            }

            // Oldest first: every minute before the newest deleted entry's has no entry left; after the last batch,
            // every minute before the cutoff.
            var emptyBefore = count < limit ? cutoffMinute : (newest ?? 0) / UnixTime.MicrosecondsPerMinute;
            command.Parameters.Clear();
            command.CommandText = "DELETE FROM log_minutes WHERE minute < $minute; DELETE FROM pattern_minutes WHERE minute < $minute;";
            command.Parameters.AddWithValue("$minute", emptyBefore);
            command.ExecuteNonQuery();
            return count;
        });
        return Task.FromResult(deleted);
    }
}
