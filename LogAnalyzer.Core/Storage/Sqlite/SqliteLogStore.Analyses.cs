using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>The analysis side of the SQLite store (<see cref="IPatternAnalysisStore"/>).</summary>
internal sealed partial class SqliteLogStore
{
    /// <summary>Recent entries read for a pattern's evidence: enough for stable shares and quantiles.</summary>
    private const int EvidenceRows = 5_000;

    public async Task<IReadOnlyList<PatternToAnalyse>> FindPatternsToAnalyseAsync(DateTimeOffset anomalousSince, bool modelConfigured, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Anomalous entries are found through the partial anomaly index; merged ids count for their new pattern.
        command.CommandText =
            $"""
            WITH anomalous AS (
                SELECT DISTINCT COALESCE(m.merged_into, s.value) AS id
                FROM logs l
                JOIN strings s ON s.id = l.pattern_id
                LEFT JOIN patterns m ON m.id = s.value
                WHERE l.is_anomaly = 1 AND l.ts >= $since)
            SELECT p.id, p.template, p.first_seen, p.last_seen, p.count, p.count_trace, p.count_debug, p.count_information,
                   p.count_warning, p.count_error, p.count_critical, p.sample,
                   a.pattern_count, p.id IN (SELECT id FROM anomalous) AS anomalous
            FROM patterns p
            LEFT JOIN pattern_analyses a ON a.pattern_id = p.id
            WHERE p.merged_into IS NULL AND (a.pattern_id IS NULL OR p.count >= 10 * a.pattern_count
                OR ($model AND a.source = 'builtin' AND a.failure IS NULL AND p.count_warning + p.count_error + p.count_critical > 0))
            ORDER BY anomalous DESC, p.count_critical + p.count_error DESC, p.count_warning DESC, p.count DESC, p.id
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$since", UnixTime.ToMicroseconds(anomalousSince));
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$model", modelConfigured);
        var list = new List<PatternToAnalyse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new PatternToAnalyse(ReadPattern(reader), reader.GetBoolean(13), reader.IsDBNull(12) ? null : reader.GetInt64(12)));
        }

        return list;
    }

    public async Task<PatternEvidence> GetEvidenceAsync(PatternSummary pattern, DateTimeOffset now, int samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT l.ts, e.value, ec.value, c.value, l.user_id, l.response_time, l.message, l.anomaly_reasons, l.exception
            FROM logs l
            LEFT JOIN strings e ON e.id = l.endpoint_id
            LEFT JOIN strings ec ON ec.id = l.error_code_id
            LEFT JOIN strings c ON c.id = l.city_id
            WHERE l.pattern_id IN (SELECT s.id FROM strings s WHERE s.kind = 7
                AND (s.value = $pattern_id OR s.value IN (SELECT m.id FROM patterns m WHERE m.merged_into = $pattern_id)))
              AND l.ts >= $since
            ORDER BY l.ts DESC
            LIMIT $rows;
            """;
        command.Parameters.AddWithValue("$pattern_id", pattern.Id);
        command.Parameters.AddWithValue("$since", UnixTime.ToMicroseconds(now.AddDays(-1)));
        command.Parameters.AddWithValue("$rows", EvidenceRows);
        var tally = new EvidenceTally(now, samples);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tally.Add(
                UnixTime.FromMicroseconds(reader.GetInt64(0)),
                StringOrNull(reader, 1),
                StringOrNull(reader, 2),
                StringOrNull(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.GetString(6),
                StringOrNull(reader, 7),
                StringOrNull(reader, 8));
        }

        return tally.ToEvidence(pattern);
    }

    public Task SaveAnalysesAsync(IReadOnlyList<PatternAnalysis> analyses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analyses);
        InWriteTransaction(command =>
        {
            command.CommandText =
                """
                INSERT OR REPLACE INTO pattern_analyses(pattern_id, source, model, summary, root_cause, explanation, severity,
                    category, fixes, analysed_at, pattern_count, failure)
                VALUES ($id, $source, $model, $summary, $root_cause, $explanation, $severity, $category, $fixes, $at, $count, $failure);
                """;
            foreach (var analysis in analyses)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$id", analysis.PatternId);
                command.Parameters.AddWithValue("$source", analysis.Source);
                command.Parameters.AddWithValue("$model", (object?)analysis.Model ?? DBNull.Value);
                command.Parameters.AddWithValue("$summary", analysis.Summary);
                command.Parameters.AddWithValue("$root_cause", analysis.RootCause);
                command.Parameters.AddWithValue("$explanation", analysis.Explanation);
                command.Parameters.AddWithValue("$severity", analysis.Severity);
                command.Parameters.AddWithValue("$category", analysis.Category);
                command.Parameters.AddWithValue("$fixes", JsonSerializer.Serialize(analysis.SuggestedFixes));
                command.Parameters.AddWithValue("$at", UnixTime.ToMicroseconds(analysis.AnalysedAt));
                command.Parameters.AddWithValue("$count", analysis.PatternCount);
                command.Parameters.AddWithValue("$failure", (object?)analysis.Failure ?? DBNull.Value);
                command.ExecuteNonQuery();
            }

        });

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyDictionary<string, PatternAnalysis>> GetAnalysesAsync(IReadOnlyCollection<string> patternIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patternIds);
        var found = new Dictionary<string, PatternAnalysis>(StringComparer.Ordinal);
        if (patternIds.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT q.value, a.pattern_id, a.source, a.model, a.summary, a.root_cause, a.explanation, a.severity, a.category,
                   a.fixes, a.analysed_at, a.pattern_count, a.failure
            FROM json_each($ids) q
            JOIN pattern_analyses a ON a.pattern_id = COALESCE((SELECT merged_into FROM patterns WHERE id = q.value), q.value);
            """;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(patternIds.Distinct(StringComparer.Ordinal)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = new PatternAnalysis(
                reader.GetString(1),
                reader.GetString(2),
                StringOrNull(reader, 3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(9)) ?? [],
                UnixTime.FromMicroseconds(reader.GetInt64(10)),
                reader.GetInt64(11),
                StringOrNull(reader, 12));
        }

        return found;
    }
}
