using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>The filters and pipelines of the analysis side of the MongoDB store (rendered by tests).</summary>
internal static class MongoAnalysisQueries
{
    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    /// <summary>Anomalous entries since <paramref name="since"/> (through the partial anomaly index), for their pattern ids.</summary>
    public static FilterDefinition<BsonDocument> AnomalousSince(DateTimeOffset since) => Filter.And(
        Filter.Eq(MongoFields.IsAnomaly, true),
        Filter.Gte(MongoFields.Micros, UnixTime.ToMicroseconds(since)));

    /// <summary>
    /// Current patterns never analysed, grown tenfold since, or (with a model) with warnings or failures and only a
    /// built-in explanation; those in <paramref name="anomalous"/> first, then by failures, warnings, entries and id.
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> ToAnalyse(IReadOnlyCollection<string> anomalous, bool modelConfigured, int limit)
    {
        var analysis = "analysis";
        var needs = new BsonArray
        {
            new BsonDocument(analysis, new BsonDocument("$exists", false)),
            new BsonDocument("$expr", new BsonDocument("$gte", new BsonArray { "$" + MongoFields.Count, new BsonDocument("$multiply", new BsonArray { 10, $"${analysis}.{MongoFields.PatternCount}" }) })),
        };
        if (modelConfigured)
        {
            needs.Add(new BsonDocument
            {
                { $"{analysis}.{MongoFields.Source}", "builtin" },
                { $"{analysis}.{MongoFields.Failure}", BsonNull.Value },
                { "$expr", new BsonDocument("$gt", new BsonArray { new BsonDocument("$add", new BsonArray { LevelCount(LogEntryLevel.Warning), LevelCount(LogEntryLevel.Error), LevelCount(LogEntryLevel.Critical) }), 0 }) },
            });
        }

        return PipelineDefinition<BsonDocument, BsonDocument>.Create(
            new BsonDocument("$match", new BsonDocument(MongoFields.Merged, false)),
            new BsonDocument("$lookup", new BsonDocument { { "from", MongoFields.AnalysesCollection }, { "localField", MongoFields.Id }, { "foreignField", MongoFields.Id }, { "as", analysis } }),
            new BsonDocument("$unwind", new BsonDocument { { "path", "$" + analysis }, { "preserveNullAndEmptyArrays", true } }),
            new BsonDocument("$match", new BsonDocument("$or", needs)),
            new BsonDocument("$addFields", new BsonDocument
            {
                { "anomalous", new BsonDocument("$in", new BsonArray { "$" + MongoFields.Id, new BsonArray(anomalous) }) },
                { "failures", new BsonDocument("$add", new BsonArray { LevelCount(LogEntryLevel.Error), LevelCount(LogEntryLevel.Critical) }) },
                { "warnings", LevelCount(LogEntryLevel.Warning) },
            }),
            new BsonDocument("$sort", new BsonDocument { { "anomalous", -1 }, { "failures", -1 }, { "warnings", -1 }, { MongoFields.Count, -1 }, { MongoFields.Id, 1 } }),
            new BsonDocument("$limit", limit));
    }

    /// <summary>A pattern family's entries of the last day (newest first with <see cref="MongoQueries.NewestFirst"/>), for its evidence.</summary>
    public static FilterDefinition<BsonDocument> Evidence(IReadOnlyCollection<string> patternIds, DateTimeOffset since) => Filter.And(
        Filter.In(MongoFields.PatternId, patternIds),
        Filter.Gte(MongoFields.Micros, UnixTime.ToMicroseconds(since)));

    /// <summary>Only what the evidence reads.</summary>
    public static ProjectionDefinition<BsonDocument> EvidenceFields { get; } = Builders<BsonDocument>.Projection
        .Include(MongoFields.Micros).Include(MongoFields.Endpoint).Include(MongoFields.ErrorCode).Include(MongoFields.City)
        .Include(MongoFields.UserId).Include(MongoFields.ResponseTime).Include(MongoFields.Message)
        .Include(MongoFields.AnomalyReasons).Include(MongoFields.Exception);

    public static FilterDefinition<BsonDocument> AnalysesOf(IEnumerable<string> patternIds) => Filter.In(MongoFields.Id, patternIds);

    private static BsonDocument LevelCount(LogEntryLevel level) =>
        new("$ifNull", new BsonArray { $"${MongoFields.ByLevel}.{MongoFields.LevelField(level)}", 0 });
}
