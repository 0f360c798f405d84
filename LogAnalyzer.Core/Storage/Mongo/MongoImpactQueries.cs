using System.Text.RegularExpressions;
using LogAnalyzer.Impact;
using LogAnalyzer.Insights;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>
/// The blast radius and the search's tally as one aggregation: the matching entries, then one <c>$facet</c> branch per
/// figure (totals, distinct users and sessions, top cities, endpoints, error codes and services, patterns).
/// </summary>
internal static class MongoImpactQueries
{
    /// <summary>How many values of each dimension the impact lists.</summary>
    public const int Top = 10;

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    /// <summary>The entries an impact query selects.</summary>
    /// <param name="query">The query.</param>
    /// <param name="patternIds">With <see cref="ImpactQuery.PatternId"/>: that id and those merged into it.</param>
    public static FilterDefinition<BsonDocument> Matching(ImpactQuery query, IReadOnlyCollection<string>? patternIds = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<FilterDefinition<BsonDocument>>
        {
            Filter.Gte(MongoFields.Micros, UnixTime.ToMicroseconds(query.From)),
            Filter.Lt(MongoFields.Micros, UnixTime.ToMicroseconds(query.To)),
            Filter.Gte(MongoFields.Level, (int)query.MinimumLevel),
        };
        if (query.Endpoint is { } endpoint)
        {
            filters.Add(Filter.Eq(MongoFields.Endpoint, endpoint));
        }

        if (query.ErrorCode is { } errorCode)
        {
            filters.Add(Filter.Eq(MongoFields.ErrorCode, errorCode));
        }

        if (query.PatternId is { } patternId)
        {
            filters.Add(Filter.In(MongoFields.PatternId, patternIds is { Count: > 0 } ? patternIds : [patternId]));
        }

        if (query.MinimumResponseTime is { } responseTime)
        {
            filters.Add(Filter.Gte(MongoFields.ResponseTime, responseTime));
        }

        return Filter.And(filters);
    }

    /// <summary>
    /// The entries a search selects: the range, the levels (Warning and above by default), endpoints or error codes
    /// containing any term (case-insensitive), users, sessions, cities (exact, case-insensitive) and any word.
    /// </summary>
    public static FilterDefinition<BsonDocument> Matching(SearchFilter search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var filters = new List<FilterDefinition<BsonDocument>>();
        var words = search.Words.Select(w => new string([.. w.Where(c => c != '"' && c != '\\')]).TrimStart('-')).Where(w => w.Length > 0).ToList();
        if (words.Count > 0)
        {
            // Unquoted words: any of them (MongoDB's $text ORs plain terms).
            filters.Add(Filter.Text(string.Join(' ', words)));
        }

        filters.Add(Filter.Gte(MongoFields.Micros, UnixTime.ToMicroseconds(search.From)));
        filters.Add(Filter.Lt(MongoFields.Micros, UnixTime.ToMicroseconds(search.To)));
        var levels = search.Levels.Count == 0 ? [LogEntryLevel.Warning, LogEntryLevel.Error, LogEntryLevel.Critical] : search.Levels;
        filters.Add(Filter.In(MongoFields.Level, levels.Distinct().Select(l => (int)l)));
        var features = new List<FilterDefinition<BsonDocument>>();
        if (search.EndpointTerms.Count > 0)
        {
            features.Add(Filter.In(MongoFields.Endpoint, search.EndpointTerms.Select(t => new BsonRegularExpression(Regex.Escape(t), "i"))));
        }

        if (search.ErrorCodeTerms.Count > 0)
        {
            features.Add(Filter.In(MongoFields.ErrorCode, search.ErrorCodeTerms.Select(t => new BsonRegularExpression(Regex.Escape(t), "i"))));
        }

        if (features.Count > 0)
        {
            // An endpoint term and an error-code term are alternatives (payments: the payment endpoints or the payment error codes).
            filters.Add(features.Count == 1 ? features[0] : Filter.Or(features));
        }

        if (search.UserIds.Count > 0)
        {
            filters.Add(Filter.In(MongoFields.UserId, search.UserIds));
        }

        if (search.SessionIds.Count > 0)
        {
            filters.Add(Filter.In(MongoFields.SessionId, search.SessionIds));
        }

        if (search.Cities.Count > 0)
        {
            filters.Add(Filter.In(MongoFields.City, search.Cities.Select(c => new BsonRegularExpression("^" + Regex.Escape(c) + "$", "i"))));
        }

        return Filter.And(filters);
    }

    /// <summary>The tally of the matching entries in one document, one field per figure.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> Tally(FilterDefinition<BsonDocument> matching)
    {
        ArgumentNullException.ThrowIfNull(matching);
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(
            new BsonDocument("$match", matching.Render(new RenderArgs<BsonDocument>(MongoDB.Bson.Serialization.Serializers.BsonDocumentSerializer.Instance, MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry))),
            new BsonDocument("$facet", new BsonDocument
            {
                {
                    "totals", new BsonArray
                    {
                        new BsonDocument("$group", new BsonDocument
                        {
                            { MongoFields.Id, BsonNull.Value },
                            { "rows", new BsonDocument("$sum", 1) },
                            { "first", new BsonDocument("$min", "$" + MongoFields.Micros) },
                            { "last", new BsonDocument("$max", "$" + MongoFields.Micros) },
                        }),
                    }
                },
                { "users", Distinct(MongoFields.UserId) },
                { "sessions", Distinct(MongoFields.SessionId) },
                { "cities", Counts(MongoFields.City, Top) },
                { "endpoints", Counts(MongoFields.Endpoint, Top) },
                {
                    // Distinct sessions per endpoint: one group per (endpoint, session) pair, then per endpoint.
                    "endpointSessions", new BsonArray
                    {
                        new BsonDocument("$match", new BsonDocument { { MongoFields.Endpoint, new BsonDocument("$exists", true) }, { MongoFields.SessionId, new BsonDocument("$exists", true) } }),
                        new BsonDocument("$group", new BsonDocument(MongoFields.Id, new BsonDocument { { "e", "$" + MongoFields.Endpoint }, { "s", "$" + MongoFields.SessionId } })),
                        new BsonDocument("$group", new BsonDocument { { MongoFields.Id, "$_id.e" }, { "n", new BsonDocument("$sum", 1) } }),
                    }
                },
                { "errorCodes", Counts(MongoFields.ErrorCode, Top) },
                { "services", Counts(MongoFields.Service, Top) },
                { "patterns", Counts(MongoFields.PatternId, limit: null) },
            }));
    }

    private static BsonArray Distinct(string field) =>
    [
        new BsonDocument("$match", new BsonDocument(field, new BsonDocument("$exists", true))),
        new BsonDocument("$group", new BsonDocument(MongoFields.Id, "$" + field)),
        new BsonDocument("$count", "n"),
    ];

    /// <summary>Entries per value of <paramref name="field"/>, the most first, then by value.</summary>
    private static BsonArray Counts(string field, int? limit)
    {
        var stages = new BsonArray
        {
            new BsonDocument("$match", new BsonDocument(field, new BsonDocument("$exists", true))),
            new BsonDocument("$group", new BsonDocument { { MongoFields.Id, "$" + field }, { "n", new BsonDocument("$sum", 1) } }),
        };
        if (limit is { } n)
        {
            stages.Add(new BsonDocument("$sort", new BsonDocument { { "n", -1 }, { MongoFields.Id, 1 } }));
            stages.Add(new BsonDocument("$limit", n));
        }

        return stages;
    }
}
