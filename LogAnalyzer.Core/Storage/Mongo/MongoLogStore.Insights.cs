using System.Text.Json;
using LogAnalyzer.Insights;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>
/// The insight side of the MongoDB store (<see cref="IInsightStore"/>): timelines by the session index, trends by
/// aggregation over the period's warnings and errors, charts from the minute rollups, search as one aggregation over
/// the matches, and the copilot's conversations.
/// </summary>
internal sealed partial class MongoLogStore : IInsightStore
{
    private const int TrafficSample = 1_000;
    private const int VocabularySize = 2_000;
    private static readonly (string Dimension, string Branch)[] Dimensions = [("endpoint", "endpoints"), ("city", "cities"), ("errorCode", "errorCodes"), ("service", "services")];
    private static readonly JsonSerializerOptions ConversationJson = new(JsonSerializerDefaults.Web);

    private IMongoCollection<BsonDocument> Conversations => Database.GetCollection<BsonDocument>(MongoFields.ConversationsCollection);

    public async Task<IReadOnlyList<LogEntry>> GetSessionAsync(string sessionId, int limit, CancellationToken cancellationToken)
    {
        var documents = await _logs.Find(MongoInsightQueries.Session(sessionId)).Sort(MongoQueries.OldestFirst).Limit(limit).ToListAsync(cancellationToken);
        return await ToEntriesAsync(documents, cancellationToken);
    }

    public async Task<IReadOnlyList<SessionSummary>> GetUserSessionsAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        var sessions = await (await _logs.DistinctAsync<string>(MongoFields.SessionId, MongoInsightQueries.UserInSessions(userId), cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        if (sessions.Count == 0)
        {
            return [];
        }

        var summaries = await ListAsync(_logs, MongoInsightQueries.SessionSummaries(sessions, limit), cancellationToken);
        return summaries.ConvertAll(s => new SessionSummary(
            s[MongoFields.Id].AsString,
            UnixTime.FromMicroseconds(s["first"].ToInt64()),
            UnixTime.FromMicroseconds(s["last"].ToInt64()),
            s["events"].ToInt64(),
            s["errors"].ToInt64(),
            s.TryGetValue("lastEndpoint", out var last) && last.IsBsonDocument ? last["e"].AsString : null));
    }

    public async Task<IReadOnlyList<TrendingPattern>> GetTrendingAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, int limit, CancellationToken cancellationToken)
    {
        // Taken to the minute, as the SQLite store's per-minute rollups.
        var from = Minute(periodStart) * UnixTime.MicrosecondsPerMinute;
        var previousFrom = Minute(periodStart - (periodEnd - periodStart)) * UnixTime.MicrosecondsPerMinute;
        var to = (Minute(periodEnd) + 1) * UnixTime.MicrosecondsPerMinute;
        var counts = await ListAsync(_logs, MongoInsightQueries.Trending(previousFrom, from, to), cancellationToken);
        if (counts.Count == 0)
        {
            return [];
        }

        var patterns = await ResolvePatternsAsync(counts.Select(c => c[MongoFields.Id].AsString), MongoQueries.PatternSummary, cancellationToken);
        var sums = new Dictionary<string, (long Count, long Previous, double Score, int Top)>(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            if (CurrentPatternId(patterns, count) is not { } id)
            {
                continue;
            }

            var (n, previous, score, top) = sums.GetValueOrDefault(id, (0, 0, 0, -1));
            var level = count["top"].IsNumeric ? count["top"].ToInt32() : -1;
            sums[id] = (n + count["n"].ToInt64(), previous + count["previous"].ToInt64(), score + count["score"].ToDouble(), Math.Max(top, level));
        }

        return sums
            .Where(s => s.Value.Count > 0)
            .OrderByDescending(s => s.Value.Count)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(s => new TrendingPattern(
                s.Key,
                patterns.Template(s.Key)!,
                s.Value.Count,
                s.Value.Previous,
                s.Value.Score / s.Value.Count,
                (LogEntryLevel)s.Value.Top,
                MongoDocuments.String(patterns.Current(s.Key)!, MongoFields.Sample)))
            .ToList();
    }

    public async Task<IReadOnlyList<TimeBucket>> GetBucketsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, TimeSpan bucket, CancellationToken cancellationToken)
    {
        var size = Math.Max(1, (long)bucket.TotalMinutes);
        var first = Minute(periodStart);
        var end = (UnixTime.ToMicroseconds(periodEnd) + UnixTime.MicrosecondsPerMinute - 1) / UnixTime.MicrosecondsPerMinute;
        var count = (int)Math.Min(10_000, Math.Max(0, (end - first + size - 1) / size));
        var buckets = new TimeBucket[count];
        for (var i = 0; i < count; i++)
        {
            buckets[i] = new TimeBucket(UnixTime.FromMicroseconds((first + (i * size)) * UnixTime.MicrosecondsPerMinute), 0, 0, 0);
        }

        if (count == 0)
        {
            return buckets;
        }

        foreach (var sums in await ListAsync(_minutes, MongoInsightQueries.Buckets(first, Math.Min(end, first + (count * size)), size), cancellationToken))
        {
            var i = sums[MongoFields.Id].ToInt32();
            buckets[i] = buckets[i] with { Total = sums["total"].ToInt64(), Errors = sums["errors"].ToInt64(), Warnings = sums["warnings"].ToInt64() };
        }

        return buckets;
    }

    public async Task<SearchEvidence> SearchAsync(SearchFilter filter, int recentLogs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var matching = MongoImpactQueries.Matching(filter);
        var tally = await FirstAsync(_logs, MongoImpactQueries.Tally(matching), cancellationToken);
        var (impact, patternTotals) = await ToImpactAsync(tally, cancellationToken);
        if (impact.AffectedLogs == 0)
        {
            return new SearchEvidence(0, [], Impact.FailureImpact.None, [], []);
        }

        var top = patternTotals.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).ToList();
        var templates = await LoadPatternsAsync(top.Select(p => p.Key), MongoQueries.PatternResolution, cancellationToken);
        var patterns = top.ConvertAll(p => new PatternCount(
            p.Key,
            templates.TryGetValue(p.Key, out var pattern) ? MongoDocuments.String(pattern, MongoFields.Template) ?? p.Key : p.Key,
            p.Value));
        var overRepresented = await OverRepresentedAsync(filter, tally!, impact.AffectedLogs, cancellationToken);
        var keep = Math.Clamp(recentLogs, 0, 100);
        var recent = keep == 0 ? [] : await _logs.Find(matching).Sort(MongoQueries.NewestFirst).Limit(keep).ToListAsync(cancellationToken);
        return new SearchEvidence(impact.AffectedLogs, patterns, impact, overRepresented, await ToEntriesAsync(recent, cancellationToken));
    }

    public async Task<SearchVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
    {
        async Task<List<string>> DistinctAsync(string field) =>
            [.. (await (await _logs.DistinctAsync<string>(field, FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken)).ToListAsync(cancellationToken)).Take(VocabularySize)];

        return new SearchVocabulary(await DistinctAsync(MongoFields.Endpoint), await DistinctAsync(MongoFields.ErrorCode), await DistinctAsync(MongoFields.City));
    }

    public async Task<IReadOnlyList<ConversationTurn>> GetConversationAsync(string conversationId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var document = await Conversations.Find(MongoInsightQueries.Conversation(conversationId, notBefore)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? [] : JsonSerializer.Deserialize<List<ConversationTurn>>(document[MongoFields.Body].AsString, ConversationJson) ?? [];
    }

    public async Task SaveConversationAsync(string conversationId, IReadOnlyList<ConversationTurn> turns, DateTimeOffset updatedAt, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var document = new BsonDocument
        {
            { MongoFields.Id, conversationId },
            { MongoFields.UpdatedAt, UnixTime.ToMicroseconds(updatedAt) },
            { MongoFields.Body, JsonSerializer.Serialize(turns, ConversationJson) },
        };
        await Conversations.ReplaceOneAsync(MongoQueries.PatternById(conversationId), document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        await Conversations.DeleteManyAsync(MongoInsightQueries.ConversationsBefore(expiredBefore), cancellationToken);
    }

    private static long Minute(DateTimeOffset time) => UnixTime.ToMicroseconds(time) / UnixTime.MicrosecondsPerMinute;

    /// <summary>
    /// The top values of each dimension among the matches, against their share of a sample of every entry in the
    /// range: ids between the range's first and last entries, drawn with a seed of the range, so the same question
    /// over the same data gives the same answer and the cost does not grow with the range.
    /// </summary>
    private async Task<IReadOnlyList<OverRepresentation>> OverRepresentedAsync(SearchFilter filter, BsonDocument tally, long matches, CancellationToken cancellationToken)
    {
        var range = MongoAlertQueries.Window(filter.From, filter.To);
        var idOnly = Builders<BsonDocument>.Projection.Include(MongoFields.Id);
        var firstDocument = await _logs.Find(range).Sort(MongoQueries.OldestFirst).Project(idOnly).Limit(1).FirstOrDefaultAsync(cancellationToken);
        var lastDocument = await _logs.Find(range).Sort(MongoQueries.NewestFirst).Project(idOnly).Limit(1).FirstOrDefaultAsync(cancellationToken);
        if (firstDocument is null || lastDocument is null)
        {
            return [];
        }

        var (a, b) = (firstDocument[MongoFields.Id].ToInt64(), lastDocument[MongoFields.Id].ToInt64());
        var (low, high) = (Math.Min(a, b), Math.Max(a, b));
        var random = new Random(HashCode.Combine(low, high));
        var ids = high - low + 1 <= TrafficSample
            ? Enumerable.Range(0, (int)(high - low + 1)).Select(i => low + i).ToList()
            : Enumerable.Range(0, TrafficSample).Select(_ => random.NextInt64(low, high + 1)).Distinct().Order().ToList();
        var sample = await _logs.Find(Builders<BsonDocument>.Filter.And(Builders<BsonDocument>.Filter.In(MongoFields.Id, ids), range))
            .Project(Builders<BsonDocument>.Projection.Include(MongoFields.Endpoint).Include(MongoFields.City).Include(MongoFields.ErrorCode).Include(MongoFields.Service))
            .ToListAsync(cancellationToken);

        var candidates = new List<OverRepresentation>();
        foreach (var (dimension, branch) in Dimensions)
        {
            var inTraffic = sample.Select(s => MongoDocuments.String(s, dimension)).OfType<string>().CountBy(v => v, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
            foreach (var (value, count) in Counts(tally, branch).Take(5))
            {
                var share = (double)count / matches;
                var trafficShare = sample.Count == 0 ? 0 : (double)inTraffic.GetValueOrDefault(value) / sample.Count;
                if (share >= 0.2 && (trafficShare == 0 || share / trafficShare >= 2))
                {
                    candidates.Add(new OverRepresentation(dimension, value, Math.Round(share, 4), Math.Round(trafficShare, 4)));
                }
            }
        }

        return candidates.OrderByDescending(o => o.ShareOfMatches).ThenByDescending(o => o.Lift).Take(8).ToList();
    }
}
