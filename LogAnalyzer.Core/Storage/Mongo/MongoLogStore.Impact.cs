using LogAnalyzer.Impact;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>The impact side of the MongoDB store (<see cref="IImpactStore"/>): one aggregation over the matching entries.</summary>
internal sealed partial class MongoLogStore : IImpactStore
{
    public async Task<FailureImpact> GetImpactAsync(ImpactQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var family = query.PatternId is { } patternId ? await PatternFamilyAsync(patternId, cancellationToken) : null;
        var tally = await FirstAsync(_logs, MongoImpactQueries.Tally(MongoImpactQueries.Matching(query, family)), cancellationToken);
        return (await ToImpactAsync(tally, cancellationToken)).Impact;
    }

    /// <summary>The impact of a <see cref="MongoImpactQueries.Tally"/> result, and the entries per (canonical) pattern.</summary>
    private async Task<(FailureImpact Impact, Dictionary<string, long> PatternTotals)> ToImpactAsync(BsonDocument? tally, CancellationToken cancellationToken)
    {
        var patternTotals = new Dictionary<string, long>(StringComparer.Ordinal);
        var totals = tally?["totals"].AsBsonArray.FirstOrDefault()?.AsBsonDocument;
        if (tally is null || totals is null || totals["rows"].ToInt64() == 0)
        {
            return (FailureImpact.None, patternTotals);
        }

        var counts = Counts(tally, "patterns");
        if (counts.Count > 0)
        {
            var patterns = await MergesOfAsync(counts.Select(c => c.Value), cancellationToken);
            foreach (var (id, count) in counts)
            {
                var canonical = patterns.Resolve(id);
                patternTotals[canonical] = patternTotals.GetValueOrDefault(canonical) + count;
            }
        }

        var sessionsByEndpoint = Counts(tally, "endpointSessions").ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
        var impact = new FailureImpact(
            totals["rows"].ToInt64(),
            Single(tally, "users"),
            Single(tally, "sessions"),
            [.. Counts(tally, "cities").Select(c => c.Value)],
            [.. Counts(tally, "endpoints").Select(c => new EndpointImpact(c.Value, c.Count, sessionsByEndpoint.GetValueOrDefault(c.Value)))],
            [.. Counts(tally, "errorCodes").Select(c => c.Value)],
            [.. patternTotals.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(MongoImpactQueries.Top).Select(p => p.Key)],
            UnixTime.FromMicroseconds(totals["first"].ToInt64()),
            UnixTime.FromMicroseconds(totals["last"].ToInt64()));
        return (impact, patternTotals);
    }

    /// <summary>The (value, entries) pairs of a counting branch of the tally, in its order.</summary>
    private static List<(string Value, long Count)> Counts(BsonDocument tally, string branch) =>
        [.. tally[branch].AsBsonArray.Select(c => (c[MongoFields.Id].AsString, c["n"].ToInt64()))];

    /// <summary>The count of a <c>$count</c> branch (absent when nothing was counted).</summary>
    private static long Single(BsonDocument tally, string branch) =>
        tally[branch].AsBsonArray.FirstOrDefault() is BsonDocument counted ? counted["n"].ToInt64() : 0;
}
