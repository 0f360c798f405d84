using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>The analysis side of the MongoDB store (<see cref="IPatternAnalysisStore"/>).</summary>
internal sealed partial class MongoLogStore : IPatternAnalysisStore
{
    /// <summary>Recent entries read for a pattern's evidence: enough for stable shares and quantiles.</summary>
    private const int EvidenceRows = 5_000;

    private IMongoCollection<BsonDocument> Analyses => Database.GetCollection<BsonDocument>(MongoFields.AnalysesCollection);

    public async Task<IReadOnlyList<PatternToAnalyse>> FindPatternsToAnalyseAsync(DateTimeOffset anomalousSince, bool modelConfigured, int limit, CancellationToken cancellationToken)
    {
        // Merged ids count for the pattern they joined.
        var ids = await (await _logs.DistinctAsync<string>(MongoFields.PatternId, MongoAnalysisQueries.AnomalousSince(anomalousSince), cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        var anomalous = new HashSet<string>(ids, StringComparer.Ordinal);
        if (ids.Count > 0)
        {
            var patterns = await MergesOfAsync(ids, cancellationToken);
            anomalous.UnionWith(ids.Select(patterns.Resolve));
        }

        var found = await ListAsync(_patterns, MongoAnalysisQueries.ToAnalyse(anomalous, modelConfigured, limit), cancellationToken);
        return found.ConvertAll(p => new PatternToAnalyse(
            MongoDocuments.ToPattern(p),
            p["anomalous"].ToBoolean(),
            p.TryGetValue("analysis", out var analysis) && analysis.IsBsonDocument ? analysis[MongoFields.PatternCount].ToInt64() : null));
    }

    public async Task<PatternEvidence> GetEvidenceAsync(PatternSummary pattern, DateTimeOffset now, int samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var family = await PatternFamilyAsync(pattern.Id, cancellationToken);
        var entries = await _logs.Find(MongoAnalysisQueries.Evidence(family, now.AddDays(-1)))
            .Sort(MongoQueries.NewestFirst)
            .Limit(EvidenceRows)
            .Project(MongoAnalysisQueries.EvidenceFields)
            .ToListAsync(cancellationToken);
        var tally = new EvidenceTally(now, samples);

        // The tally counts distinct users by number, as SQLite's string ids.
        var users = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            long? user = MongoDocuments.String(entry, MongoFields.UserId) is { } userId
                ? users.TryGetValue(userId, out var number) ? number : users[userId] = users.Count
                : null;
            tally.Add(
                UnixTime.FromMicroseconds(entry[MongoFields.Micros].ToInt64()),
                MongoDocuments.String(entry, MongoFields.Endpoint),
                MongoDocuments.String(entry, MongoFields.ErrorCode),
                MongoDocuments.String(entry, MongoFields.City),
                user,
                entry.TryGetValue(MongoFields.ResponseTime, out var responseTime) && responseTime.IsNumeric ? responseTime.ToDouble() : null,
                entry[MongoFields.Message].AsString,
                entry.TryGetValue(MongoFields.AnomalyReasons, out var reasons) && reasons.IsBsonArray ? string.Join(',', reasons.AsBsonArray.Select(r => r.AsString)) : null,
                MongoDocuments.String(entry, MongoFields.Exception));
        }

        return tally.ToEvidence(pattern);
    }

    public async Task SaveAnalysesAsync(IReadOnlyList<PatternAnalysis> analyses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analyses);
        if (analyses.Count == 0)
        {
            return;
        }

        var writes = analyses.Select(a => (WriteModel<BsonDocument>)new ReplaceOneModel<BsonDocument>(MongoQueries.PatternById(a.PatternId), ToDocument(a)) { IsUpsert = true }).ToList();
        await Analyses.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, PatternAnalysis>> GetAnalysesAsync(IReadOnlyCollection<string> patternIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patternIds);
        var found = new Dictionary<string, PatternAnalysis>(StringComparer.Ordinal);
        if (patternIds.Count == 0)
        {
            return found;
        }

        // Each id asked for resolves to the pattern it now belongs to, whose analysis it gets.
        var ids = patternIds.Distinct(StringComparer.Ordinal).ToList();
        var patterns = await MergesOfAsync(ids, cancellationToken);
        var resolved = ids.ToDictionary(id => id, patterns.Resolve, StringComparer.Ordinal);
        var analyses = (await Analyses.Find(MongoAnalysisQueries.AnalysesOf(resolved.Values.Distinct(StringComparer.Ordinal))).ToListAsync(cancellationToken))
            .ToDictionary(a => a[MongoFields.Id].AsString, ToAnalysis, StringComparer.Ordinal);
        foreach (var (id, target) in resolved)
        {
            if (analyses.TryGetValue(target, out var analysis))
            {
                found[id] = analysis;
            }
        }

        return found;
    }

    private static BsonDocument ToDocument(PatternAnalysis analysis) => new()
    {
        { MongoFields.Id, analysis.PatternId },
        { MongoFields.Source, analysis.Source },
        { MongoFields.Model, (BsonValue?)analysis.Model ?? BsonNull.Value },
        { MongoFields.Summary, analysis.Summary },
        { MongoFields.RootCause, analysis.RootCause },
        { MongoFields.Explanation, analysis.Explanation },
        { MongoFields.Severity, analysis.Severity },
        { MongoFields.Category, analysis.Category },
        { MongoFields.Fixes, new BsonArray(analysis.SuggestedFixes) },
        { MongoFields.AnalysedAt, UnixTime.ToMicroseconds(analysis.AnalysedAt) },
        { MongoFields.PatternCount, analysis.PatternCount },
        { MongoFields.Failure, (BsonValue?)analysis.Failure ?? BsonNull.Value },
    };

    private static PatternAnalysis ToAnalysis(BsonDocument document) => new(
        document[MongoFields.Id].AsString,
        document[MongoFields.Source].AsString,
        MongoDocuments.String(document, MongoFields.Model),
        document[MongoFields.Summary].AsString,
        document[MongoFields.RootCause].AsString,
        document[MongoFields.Explanation].AsString,
        document[MongoFields.Severity].AsString,
        document[MongoFields.Category].AsString,
        [.. document[MongoFields.Fixes].AsBsonArray.Select(f => f.AsString)],
        UnixTime.FromMicroseconds(document[MongoFields.AnalysedAt].ToInt64()),
        document[MongoFields.PatternCount].ToInt64(),
        MongoDocuments.String(document, MongoFields.Failure));
}
