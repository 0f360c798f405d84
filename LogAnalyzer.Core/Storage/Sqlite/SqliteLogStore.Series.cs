using System.Globalization;
using LogAnalyzer.Insights;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>Per-pattern counts over time from the per-minute rollups (<see cref="IPatternSeriesSource"/>), for sparklines.</summary>
internal sealed partial class SqliteLogStore : IPatternSeriesSource
{
    public async Task<IReadOnlyDictionary<string, long[]>> GetPatternSeriesAsync(IReadOnlyCollection<string> patternIds, DateTimeOffset periodStart, DateTimeOffset periodEnd, int buckets, CancellationToken cancellationToken)
    {
        var series = new Dictionary<string, long[]>(StringComparer.Ordinal);
        if (patternIds.Count == 0 || buckets < 1)
        {
            return series;
        }

        var from = Minute(periodStart);
        var to = Minute(periodEnd) + 1;
        var size = Math.Max(1, (long)Math.Ceiling((periodEnd - periodStart).TotalMinutes / buckets));
        // Buckets end with the period's current minute, so the newest point is the most recent minutes; the period's
        // first minute (the trend counts it) goes to the oldest bucket.
        var origin = to - (size * buckets);
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = patternIds.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        command.CommandText =
            $"""
            SELECT c.id, (m.minute - $origin) / $size, SUM(m.count)
            FROM pattern_minutes m
            JOIN strings s ON s.id = m.pattern_id
            JOIN patterns p ON p.id = s.value
            JOIN patterns c ON c.id = COALESCE(p.merged_into, p.id)
            WHERE m.minute >= $from AND m.minute < $to AND c.id IN ({string.Join(", ", names)})
            GROUP BY c.id, (m.minute - $origin) / $size;
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$origin", origin);
        command.Parameters.AddWithValue("$size", size);
        var index = 0;
        foreach (var id in patternIds)
        {
            command.Parameters.AddWithValue(names[index++], id);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var bucket = (int)Math.Clamp(reader.GetInt64(1), 0, buckets - 1);
            if (!series.TryGetValue(reader.GetString(0), out var counts))
            {
                series[reader.GetString(0)] = counts = new long[buckets];
            }

            counts[bucket] += reader.GetInt64(2);
        }

        return series;
    }
}
