using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>The filters, sorts and pipelines of the alert side of the MongoDB store (rendered by tests).</summary>
internal static class MongoAlertQueries
{
    /// <summary>The level from which an entry is a failure (Error and Critical).</summary>
    private const int FailureLevel = (int)LogEntryLevel.Error;

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    /// <summary>Entries of the window: at or after its start, before its end.</summary>
    public static FilterDefinition<BsonDocument> Window(DateTimeOffset start, DateTimeOffset end) => Filter.And(
        Filter.Gte(MongoFields.Micros, UnixTime.ToMicroseconds(start)),
        Filter.Lt(MongoFields.Micros, UnixTime.ToMicroseconds(end)));

    /// <summary>One document: entries, failures, and the distinct users and sessions of the failures.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> WindowTotals(DateTimeOffset start, DateTimeOffset end) => Pipeline(
        Match(Window(start, end)),
        new BsonDocument("$group", new BsonDocument
        {
            { MongoFields.Id, BsonNull.Value },
            { "total", new BsonDocument("$sum", 1) },
            { "failures", new BsonDocument("$sum", IfFailure(1, 0)) },
            { "users", new BsonDocument("$addToSet", IfFailure(OrNull("$" + MongoFields.UserId), BsonNull.Value)) },
            { "sessions", new BsonDocument("$addToSet", IfFailure(OrNull("$" + MongoFields.SessionId), BsonNull.Value)) },
        }),
        new BsonDocument("$project", new BsonDocument
        {
            { MongoFields.Id, 0 },
            { "total", 1 },
            { "failures", 1 },
            { "users", SizeWithoutNull("$users") },
            { "sessions", SizeWithoutNull("$sessions") },
        }));

    /// <summary>
    /// Per endpoint: entries, failures, their distinct users and sessions, timed requests and the nearest-rank p95
    /// (the value at rank ⌈0.95 n⌉ of the sorted response times).
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> WindowEndpoints(DateTimeOffset start, DateTimeOffset end) => Pipeline(
        Match(Filter.And(Window(start, end), Filter.Exists(MongoFields.Endpoint))),
        new BsonDocument("$group", new BsonDocument
        {
            { MongoFields.Id, "$" + MongoFields.Endpoint },
            { "total", new BsonDocument("$sum", 1) },
            { "failures", new BsonDocument("$sum", IfFailure(1, 0)) },
            { "users", new BsonDocument("$addToSet", IfFailure(OrNull("$" + MongoFields.UserId), BsonNull.Value)) },
            { "sessions", new BsonDocument("$addToSet", IfFailure(OrNull("$" + MongoFields.SessionId), BsonNull.Value)) },
            { "times", new BsonDocument("$push", OrNull("$" + MongoFields.ResponseTime)) },
        }),
        new BsonDocument("$project", new BsonDocument
        {
            { "total", 1 },
            { "failures", 1 },
            { "users", SizeWithoutNull("$users") },
            { "sessions", SizeWithoutNull("$sessions") },
            { "times", new BsonDocument("$sortArray", new BsonDocument { { "input", new BsonDocument("$filter", new BsonDocument { { "input", "$times" }, { "cond", new BsonDocument("$ne", new BsonArray { "$$this", BsonNull.Value }) } }) }, { "sortBy", 1 } }) },
        }),
        new BsonDocument("$project", new BsonDocument
        {
            { "total", 1 },
            { "failures", 1 },
            { "users", 1 },
            { "sessions", 1 },
            { "timed", new BsonDocument("$size", "$times") },
            {
                "p95", new BsonDocument("$arrayElemAt", new BsonArray
                {
                    "$times",
                    new BsonDocument("$subtract", new BsonArray
                    {
                        new BsonDocument("$trunc", new BsonDocument("$divide", new BsonArray { new BsonDocument("$add", new BsonArray { new BsonDocument("$multiply", new BsonArray { new BsonDocument("$size", "$times"), 95 }), 99 }), 100 })),
                        1,
                    }),
                })
            },
        }));

    /// <summary>The ten cities with the most failures, then by name.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> WindowFailedCities(DateTimeOffset start, DateTimeOffset end) => Pipeline(
        Match(Filter.And(Window(start, end), Filter.Gte(MongoFields.Level, FailureLevel), Filter.Exists(MongoFields.City))),
        new BsonDocument("$group", new BsonDocument { { MongoFields.Id, "$" + MongoFields.City }, { "n", new BsonDocument("$sum", 1) } }),
        new BsonDocument("$sort", new BsonDocument { { "n", -1 }, { MongoFields.Id, 1 } }),
        new BsonDocument("$limit", 10));

    /// <summary>Warning and higher entries per stored pattern id, and their failures (merged ids are resolved by the caller).</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> WindowPatterns(DateTimeOffset start, DateTimeOffset end) => Pipeline(
        Match(Filter.And(Window(start, end), Filter.Gte(MongoFields.Level, (int)LogEntryLevel.Warning), Filter.Exists(MongoFields.PatternId))),
        new BsonDocument("$group", new BsonDocument
        {
            { MongoFields.Id, "$" + MongoFields.PatternId },
            { "n", new BsonDocument("$sum", 1) },
            { "failures", new BsonDocument("$sum", IfFailure(1, 0)) },
        }));

    public static FilterDefinition<BsonDocument> OpenAlerts { get; } = Filter.Eq(MongoFields.Open, true);

    public static FilterDefinition<BsonDocument> AlertById(string id) => Filter.Eq(MongoFields.Id, id);

    /// <summary>The alert <paramref name="id"/> while it is as it was read: the condition of a change made from that reading.</summary>
    public static FilterDefinition<BsonDocument> AlertAsRead(string id, string status, long updatedAtMicroseconds) =>
        Filter.And(Filter.Eq(MongoFields.Id, id), Filter.Eq(MongoFields.Status, status), Filter.Eq(MongoFields.UpdatedAt, updatedAtMicroseconds));

    /// <summary>Alerts updated since <paramref name="since"/>, optionally of one status and severity; newest first with <see cref="RecentlyUpdated"/>.</summary>
    public static FilterDefinition<BsonDocument> Alerts(DateTimeOffset since, string? status, string? severity)
    {
        var filters = new List<FilterDefinition<BsonDocument>> { Filter.Gte(MongoFields.UpdatedAt, UnixTime.ToMicroseconds(since)) };
        if (status is not null)
        {
            filters.Add(Filter.Eq(MongoFields.Status, status));
        }

        if (severity is not null)
        {
            filters.Add(Filter.Eq(MongoFields.Severity, severity));
        }

        return filters.Count == 1 ? filters[0] : Filter.And(filters);
    }

    public static SortDefinition<BsonDocument> RecentlyUpdated { get; } = Builders<BsonDocument>.Sort.Descending(MongoFields.UpdatedAt);

    public static FilterDefinition<BsonDocument> Resolved(string fingerprint) =>
        Filter.And(Filter.Eq(MongoFields.Fingerprint, fingerprint), Filter.Eq(MongoFields.Status, "resolved"));

    public static FilterDefinition<BsonDocument> ResolvedBefore(DateTimeOffset cutoff) =>
        Filter.And(Filter.Eq(MongoFields.Status, "resolved"), Filter.Lt(MongoFields.UpdatedAt, UnixTime.ToMicroseconds(cutoff)));

    public static FilterDefinition<BsonDocument> AlertsById(IEnumerable<string> ids) => Filter.In(MongoFields.Id, ids);

    public static FilterDefinition<BsonDocument> HistoryOf(string alertId) => Filter.Eq(MongoFields.AlertId, alertId);

    public static FilterDefinition<BsonDocument> HistoryOf(IEnumerable<string> alertIds) => Filter.In(MongoFields.AlertId, alertIds);

    /// <summary>Oldest change first; the id keeps changes of the same microsecond in the order they were written.</summary>
    public static SortDefinition<BsonDocument> HistoryOrder { get; } = Builders<BsonDocument>.Sort.Ascending(MongoFields.At).Ascending(MongoFields.Id);

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> AlertIndexes() =>
    [
        // One open alert per fingerprint, as SQLite's partial unique index.
        new(
            Builders<BsonDocument>.IndexKeys.Ascending(MongoFields.Fingerprint),
            new CreateIndexOptions<BsonDocument> { Name = "open_fingerprint", Unique = true, PartialFilterExpression = Filter.Eq(MongoFields.Open, true) }),
        new(Builders<BsonDocument>.IndexKeys.Descending(MongoFields.UpdatedAt), new CreateIndexOptions { Name = "updatedAt" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending(MongoFields.Fingerprint).Descending(MongoFields.UpdatedAt), new CreateIndexOptions { Name = "fingerprint_updatedAt" }),
        new(
            Builders<BsonDocument>.IndexKeys.Ascending(MongoFields.Open),
            new CreateIndexOptions<BsonDocument> { Name = "open", PartialFilterExpression = Filter.Eq(MongoFields.Open, true) }),
    ];

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> HistoryIndexes() =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending(MongoFields.AlertId).Ascending(MongoFields.At), new CreateIndexOptions { Name = "alertId_at" }),
    ];

    private static BsonDocument Match(FilterDefinition<BsonDocument> filter) =>
        new("$match", filter.Render(new RenderArgs<BsonDocument>(MongoDB.Bson.Serialization.Serializers.BsonDocumentSerializer.Instance, MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry)));

    private static BsonDocument IfFailure(BsonValue then, BsonValue otherwise) =>
        new("$cond", new BsonArray { new BsonDocument("$gte", new BsonArray { "$" + MongoFields.Level, FailureLevel }), then, otherwise });

    /// <summary>The field, or null where it is absent (so that sets and lists can drop it).</summary>
    private static BsonDocument OrNull(string field) => new("$ifNull", new BsonArray { field, BsonNull.Value });

    private static BsonDocument SizeWithoutNull(string set) =>
        new("$size", new BsonDocument("$setDifference", new BsonArray { set, new BsonArray { BsonNull.Value } }));

    private static PipelineDefinition<BsonDocument, BsonDocument> Pipeline(params BsonDocument[] stages) =>
        PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
}
