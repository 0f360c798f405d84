using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>The pattern side of the SQLite store (<see cref="IPatternStore"/>).</summary>
internal sealed partial class SqliteLogStore
{
    private const string SelectPattern =
        """
        SELECT id, template, first_seen, last_seen, count, count_trace, count_debug, count_information,
               count_warning, count_error, count_critical, sample
        FROM patterns
        """;

    public Task RecordMergesAsync(IReadOnlyList<PatternMerge> merges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(merges);
        if (merges.Count == 0)
        {
            return Task.CompletedTask;
        }

        InWriteTransaction(command =>
        {
            // The new pattern takes over the old one's counts and time span; ids merged into the old one follow it,
            // so every id resolves in one step. The old one keeps no counts: should its id come back (a restart, an
            // eviction), it counts only what arrives then, not again what the new one took over.
            command.CommandText =
                """
                INSERT INTO patterns(id, template, first_seen, last_seen, count, sample)
                SELECT $to, COALESCE($template, template), first_seen, last_seen, 0, sample FROM patterns WHERE id = $from AND merged_into IS NULL
                ON CONFLICT(id) DO NOTHING;
                UPDATE patterns SET
                    count = patterns.count + o.count,
                    count_trace = patterns.count_trace + o.count_trace,
                    count_debug = patterns.count_debug + o.count_debug,
                    count_information = patterns.count_information + o.count_information,
                    count_warning = patterns.count_warning + o.count_warning,
                    count_error = patterns.count_error + o.count_error,
                    count_critical = patterns.count_critical + o.count_critical,
                    first_seen = min(patterns.first_seen, o.first_seen),
                    last_seen = max(patterns.last_seen, o.last_seen)
                FROM (SELECT * FROM patterns WHERE id = $from AND merged_into IS NULL) AS o
                WHERE patterns.id = $to;
                UPDATE patterns SET merged_into = $to, count = 0, count_trace = 0, count_debug = 0, count_information = 0,
                    count_warning = 0, count_error = 0, count_critical = 0
                WHERE (id = $from OR merged_into = $from) AND id <> $to;
                """;
            var from = command.Parameters.Add("$from", SqliteType.Text);
            var to = command.Parameters.Add("$to", SqliteType.Text);
            var template = command.Parameters.Add("$template", SqliteType.Text);
            foreach (var merge in merges)
            {
                if (merge.FromId != merge.ToId)
                {
                    from.Value = merge.FromId;
                    to.Value = merge.ToId;
                    template.Value = (object?)merge.ToTemplate ?? DBNull.Value;
                    command.ExecuteNonQuery();
                }
            }

        });

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<PatternSummary>> ListPatternsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectPattern} WHERE merged_into IS NULL ORDER BY count DESC, id LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadPatternsAsync(command, cancellationToken);
    }

    public async Task<PatternSummary?> GetPatternAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectPattern} WHERE id = COALESCE((SELECT merged_into FROM patterns WHERE id = $id), $id);";
        command.Parameters.AddWithValue("$id", id);
        var patterns = await ReadPatternsAsync(command, cancellationToken);
        return patterns.Count == 0 ? null : patterns[0];
    }

    private static async Task<List<PatternSummary>> ReadPatternsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var patterns = new List<PatternSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            patterns.Add(ReadPattern(reader));
        }

        return patterns;
    }

    /// <summary>Reads a pattern from the first twelve columns, in the order of <see cref="SelectPattern"/>.</summary>
    private static PatternSummary ReadPattern(SqliteDataReader reader)
    {
        var byLevel = new Dictionary<LogEntryLevel, long>();
        for (var level = 0; level < 6; level++)
        {
            var count = reader.GetInt64(5 + level);
            if (count > 0)
            {
                byLevel[(LogEntryLevel)level] = count;
            }
        }

        return new PatternSummary(
            reader.GetString(0),
            reader.GetString(1),
            UnixTime.FromMicroseconds(reader.GetInt64(2)),
            UnixTime.FromMicroseconds(reader.GetInt64(3)),
            reader.GetInt64(4),
            byLevel,
            reader.IsDBNull(11) ? null : reader.GetString(11));
    }
}
