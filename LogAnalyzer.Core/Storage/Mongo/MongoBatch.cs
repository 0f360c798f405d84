using LogAnalyzer.Storage.Sqlite;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>What one append writes: the entries' documents, one upsert per pattern and one per minute.</summary>
internal sealed class MongoBatch
{
    private MongoBatch(BsonDocument[] entries, List<WriteModel<BsonDocument>> patterns, List<WriteModel<BsonDocument>> minutes)
    {
        Entries = entries;
        Patterns = patterns;
        Minutes = minutes;
    }

    /// <summary>The entries' documents; their ids are set once reserved.</summary>
    public BsonDocument[] Entries { get; }

    public List<WriteModel<BsonDocument>> Patterns { get; }

    public List<WriteModel<BsonDocument>> Minutes { get; }

    public static MongoBatch Build(IReadOnlyList<LogEntry> entries)
    {
        var documents = new BsonDocument[entries.Count];
        var patterns = new Dictionary<string, PatternTally>(StringComparer.Ordinal);

        // Per minute: entries per level (Trace to Critical), then anomalies.
        var minutes = new Dictionary<long, long[]>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            documents[i] = MongoDocuments.FromEntry(entry);
            var minute = Math.DivRem(UnixTime.ToMicroseconds(entry.Timestamp), UnixTime.MicrosecondsPerMinute, out var rest) - (rest < 0 ? 1 : 0);
            if (!minutes.TryGetValue(minute, out var counts))
            {
                counts = new long[7];
                minutes[minute] = counts;
            }

            counts[(int)entry.Level]++;
            counts[6] += entry.IsAnomaly ? 1 : 0;
            if (entry.PatternId is { } id)
            {
                if (!patterns.TryGetValue(id, out var tally))
                {
                    tally = new PatternTally(entry.Template ?? entry.MessageTemplate ?? entry.Message, entry.Message, entry.Timestamp);
                    patterns[id] = tally;
                }

                tally.Add(entry);
            }
        }

        return new MongoBatch(
            documents,
            [.. patterns.Select(p => (WriteModel<BsonDocument>)MongoQueries.PatternTally(p.Key, p.Value))],
            [.. minutes.Select(m => (WriteModel<BsonDocument>)MongoQueries.MinuteTally(m.Key, m.Value))]);
    }
}
