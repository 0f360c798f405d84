using System.Text.Json;
using LogAnalyzer.Alerts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>
/// The alert side of the MongoDB store (<see cref="IAlertStore"/>): alerts as JSON bodies with indexed fingerprint,
/// status, severity and time; window statistics by aggregation over the window's entries.
/// </summary>
internal sealed partial class MongoLogStore : IAlertStore
{
    private const int DeleteBatch = 500;
    private static readonly JsonSerializerOptions AlertJson = new(JsonSerializerDefaults.Web);

    private IMongoCollection<BsonDocument> Alerts => Database.GetCollection<BsonDocument>(MongoFields.AlertsCollection);

    private IMongoCollection<BsonDocument> AlertHistory => Database.GetCollection<BsonDocument>(MongoFields.AlertHistoryCollection);

    public async Task<WindowStats> GetWindowStatsAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        var totals = await FirstAsync(_logs, MongoAlertQueries.WindowTotals(windowStart, windowEnd), cancellationToken);
        var total = totals?.GetValue("total", 0).ToInt64() ?? 0;
        if (total == 0)
        {
            return WindowStats.Empty;
        }

        var endpoints = (await ListAsync(_logs, MongoAlertQueries.WindowEndpoints(windowStart, windowEnd), cancellationToken))
            .Select(e => new EndpointStats(
                e[MongoFields.Id].AsString,
                e["total"].ToInt64(),
                e["failures"].ToInt64(),
                e["users"].ToInt64(),
                e["sessions"].ToInt64(),
                e["timed"].ToInt64(),
                e.TryGetValue("p95", out var p95) && p95.IsNumeric ? p95.ToDouble() : null))
            .OrderBy(e => e.Endpoint, StringComparer.Ordinal)
            .ToList();
        var cities = (await ListAsync(_logs, MongoAlertQueries.WindowFailedCities(windowStart, windowEnd), cancellationToken))
            .Select(c => c[MongoFields.Id].AsString)
            .ToList();
        var patterns = await WindowPatternsAsync(windowStart, windowEnd, cancellationToken);
        return new WindowStats(total, totals!["failures"].ToInt64(), totals["users"].ToInt64(), totals["sessions"].ToInt64(), cities, endpoints, patterns);
    }

    public async Task<IReadOnlyList<Alert>> GetOpenAlertsAsync(CancellationToken cancellationToken) =>
        ToAlerts(await Alerts.Find(MongoAlertQueries.OpenAlerts).ToListAsync(cancellationToken));

    public Task SaveAsync(Alert alert, string? change, CancellationToken cancellationToken) =>
        WriteAsync(alert, change, read: null, cancellationToken);

    public Task<bool> TrySaveAsync(Alert alert, string? change, Alert read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return WriteAsync(alert, change, read, cancellationToken);
    }

    /// <summary>Upserts the alert, or with <paramref name="read"/> replaces it only while it is as read; adds the history record when it wrote.</summary>
    private async Task<bool> WriteAsync(Alert alert, string? change, Alert? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var body = JsonSerializer.Serialize(alert, AlertJson);
        var document = new BsonDocument
        {
            { MongoFields.Id, alert.AlertId },
            { MongoFields.Fingerprint, alert.Fingerprint },
            { MongoFields.Status, alert.Status },
            { MongoFields.Severity, alert.Severity },
            { MongoFields.Open, alert.Status != "resolved" },
            { MongoFields.UpdatedAt, UnixTime.ToMicroseconds(alert.UpdatedAt) },
            { MongoFields.Body, body },
        };
        var filter = read is null ? MongoAlertQueries.AlertById(alert.AlertId) : MongoAlertQueries.AlertAsRead(read.AlertId, read.Status, UnixTime.ToMicroseconds(read.UpdatedAt));
        var replace = new ReplaceOptions { IsUpsert = read is null };
        BsonDocument? history = change is null
            ? null
            : new BsonDocument
            {
                { MongoFields.Id, ObjectId.GenerateNewId() },
                { MongoFields.AlertId, alert.AlertId },
                { MongoFields.At, UnixTime.ToMicroseconds(alert.UpdatedAt) },
                { MongoFields.Change, change },
                { MongoFields.Body, body },
            };
        if (_transactions)
        {
            using var session = await Client.StartSessionAsync(cancellationToken: cancellationToken);
            session.StartTransaction();
            var replaced = await Alerts.ReplaceOneAsync(session, filter, document, replace, cancellationToken);
            var written = Wrote(replaced);
            if (written && history is not null)
            {
                await AlertHistory.InsertOneAsync(session, history, cancellationToken: cancellationToken);
            }

            await session.CommitTransactionAsync(cancellationToken);
            return written;
        }

        var wrote = Wrote(await Alerts.ReplaceOneAsync(filter, document, replace, cancellationToken));
        if (wrote && history is not null)
        {
            await AlertHistory.InsertOneAsync(history, cancellationToken: cancellationToken);
        }

        return wrote;
    }

    private static bool Wrote(ReplaceOneResult result) => result.MatchedCount == 1 || result.UpsertedId is not null;

    public async Task<Alert?> GetAsync(string alertId, CancellationToken cancellationToken)
    {
        var document = await Alerts.Find(MongoAlertQueries.AlertById(alertId)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : ToAlert(document);
    }

    public async Task<IReadOnlyList<Alert>> ListAsync(DateTimeOffset since, string? status, string? severity, int limit, CancellationToken cancellationToken) =>
        ToAlerts(await Alerts.Find(MongoAlertQueries.Alerts(since, status, severity)).Sort(MongoAlertQueries.RecentlyUpdated).Limit(limit).ToListAsync(cancellationToken));

    public async Task<IReadOnlyList<Alert>> GetResolvedAsync(string fingerprint, int limit, CancellationToken cancellationToken) =>
        ToAlerts(await Alerts.Find(MongoAlertQueries.Resolved(fingerprint)).Sort(MongoAlertQueries.RecentlyUpdated).Limit(limit).ToListAsync(cancellationToken));

    public async Task<IReadOnlyList<AlertChange>> GetHistoryAsync(string alertId, CancellationToken cancellationToken)
    {
        var documents = await AlertHistory.Find(MongoAlertQueries.HistoryOf(alertId)).Sort(MongoAlertQueries.HistoryOrder).ToListAsync(cancellationToken);
        return documents.ConvertAll(d =>
        {
            var change = d[MongoFields.Change].AsString;
            var alert = JsonSerializer.Deserialize<Alert>(d[MongoFields.Body].AsString, AlertJson)!;
            var (by, note) = change switch
            {
                AlertEvents.Acknowledged => (alert.AcknowledgedBy, null),
                AlertEvents.Resolved or AlertEvents.Cleared => (alert.ResolvedBy, alert.ResolutionNote),
                _ => ((string?)null, (string?)null),
            };
            return new AlertChange(UnixTime.FromMicroseconds(d[MongoFields.At].ToInt64()), change, alert.Status, alert.Severity, by, note);
        });
    }

    public async Task<int> DeleteResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // In batches, the history first, so that an interrupted run leaves no history without its alert to find it by.
        var deleted = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ids = (await Alerts.Find(MongoAlertQueries.ResolvedBefore(cutoff))
                    .Project(Builders<BsonDocument>.Projection.Include(MongoFields.Id))
                    .Limit(DeleteBatch)
                    .ToListAsync(cancellationToken))
                .ConvertAll(d => d[MongoFields.Id].AsString);
            if (ids.Count == 0)
            {
                break;
            }

            await AlertHistory.DeleteManyAsync(MongoAlertQueries.HistoryOf(ids), cancellationToken);
            deleted += (int)(await Alerts.DeleteManyAsync(MongoAlertQueries.AlertsById(ids), cancellationToken)).DeletedCount;
            if (ids.Count < DeleteBatch)
            {
                break;
            }
        }

        return deleted;
    }

    public async Task<DateTimeOffset?> GetFirstEntryTimeAsync(CancellationToken cancellationToken)
    {
        var first = await _logs.Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(MongoQueries.OldestFirst)
            .Project(Builders<BsonDocument>.Projection.Include(MongoFields.Micros))
            .Limit(1)
            .FirstOrDefaultAsync(cancellationToken);
        return first is null ? null : UnixTime.FromMicroseconds(first[MongoFields.Micros].ToInt64());
    }

    private async Task InitializeAlertsAsync(CancellationToken cancellationToken)
    {
        await Alerts.Indexes.CreateManyAsync(MongoAlertQueries.AlertIndexes(), cancellationToken);
        await AlertHistory.Indexes.CreateManyAsync(MongoAlertQueries.HistoryIndexes(), cancellationToken);
        await Conversations.Indexes.CreateManyAsync(MongoInsightQueries.ConversationIndexes(), cancellationToken);
    }

    /// <summary>The 100 most frequent warning and error patterns of the window, merged patterns counted toward the one they joined.</summary>
    private async Task<IReadOnlyList<PatternWindowStats>> WindowPatternsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var counts = await ListAsync(_logs, MongoAlertQueries.WindowPatterns(start, end), cancellationToken);
        if (counts.Count == 0)
        {
            return [];
        }

        var patterns = await ResolvePatternsAsync(counts.Select(c => c[MongoFields.Id].AsString), MongoQueries.PatternSummary, cancellationToken);
        var sums = new Dictionary<string, (long Count, long Failures)>(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            if (CurrentPatternId(patterns, count) is not { } id)
            {
                continue;
            }

            var (n, f) = sums.GetValueOrDefault(id);
            sums[id] = (n + count["n"].ToInt64(), f + count["failures"].ToInt64());
        }

        return sums
            .OrderByDescending(s => s.Value.Count)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(100)
            .Select(s => new PatternWindowStats(
                s.Key,
                patterns.Template(s.Key)!,
                s.Value.Count,
                s.Value.Failures,
                UnixTime.FromMicroseconds(patterns.Current(s.Key)![MongoFields.FirstSeen].ToInt64())))
            .ToList();
    }

    private static List<Alert> ToAlerts(List<BsonDocument> documents) => documents.ConvertAll(ToAlert);

    private static Alert ToAlert(BsonDocument document) => JsonSerializer.Deserialize<Alert>(document[MongoFields.Body].AsString, AlertJson)!;

    private static async Task<BsonDocument?> FirstAsync(IMongoCollection<BsonDocument> collection, PipelineDefinition<BsonDocument, BsonDocument> pipeline, CancellationToken cancellationToken) =>
        await (await collection.AggregateAsync(pipeline, cancellationToken: cancellationToken)).FirstOrDefaultAsync(cancellationToken);

    private static async Task<List<BsonDocument>> ListAsync(IMongoCollection<BsonDocument> collection, PipelineDefinition<BsonDocument, BsonDocument> pipeline, CancellationToken cancellationToken) =>
        await (await collection.AggregateAsync(pipeline, cancellationToken: cancellationToken)).ToListAsync(cancellationToken);

    /// <summary>The current pattern a counted pattern id belongs to (following its merge), or <see langword="null"/> when either is unknown.</summary>
    private static string? CurrentPatternId(MergedPatterns patterns, BsonDocument count) =>
        patterns.Current(count[MongoFields.Id].AsString)?[MongoFields.Id].AsString;
}
