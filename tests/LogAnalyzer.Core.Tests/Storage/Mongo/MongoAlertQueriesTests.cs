using LogAnalyzer.Storage.Mongo;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The alert side's pipelines, filters, sorts and indexes, rendered to BSON without a server.</summary>
public sealed class MongoAlertQueriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddMinutes(5);

    [Fact]
    public void AlertAsRead_ChangeFromAReading_MatchesTheAlertOnlyWhileItIsAsRead() =>
        Assert.Equal("""{ "_id" : "a1", "status" : "active", "updatedAt" : 5 }""", MongoRender.Of(MongoAlertQueries.AlertAsRead("a1", "active", 5)));

    [Fact]
    public void WindowTotals_Window_CountsEntriesFailuresAndDistinctFailingUsersAndSessions() =>
        Assert.Equal(
            """[{ "$match" : { "tus" : { "$gte" : 1793588645000000, "$lt" : 1793588945000000 } } }, { "$group" : { "_id" : null, "total" : { "$sum" : 1 }, "failures" : { "$sum" : { "$cond" : [{ "$gte" : ["$level", 4] }, 1, 0] } }, "users" : { "$addToSet" : { "$cond" : [{ "$gte" : ["$level", 4] }, { "$ifNull" : ["$userId", null] }, null] } }, "sessions" : { "$addToSet" : { "$cond" : [{ "$gte" : ["$level", 4] }, { "$ifNull" : ["$sessionId", null] }, null] } } } }, { "$project" : { "_id" : 0, "total" : 1, "failures" : 1, "users" : { "$size" : { "$setDifference" : ["$users", [null]] } }, "sessions" : { "$size" : { "$setDifference" : ["$sessions", [null]] } } } }]""",
            MongoRender.Of(MongoAlertQueries.WindowTotals(Start, End)));

    [Fact]
    public void WindowEndpoints_Window_GroupsByEndpointWithNearestRankP95() =>
        Assert.Equal(
            """[{ "$match" : { "tus" : { "$gte" : 1793588645000000, "$lt" : 1793588945000000 }, "endpoint" : { "$exists" : true } } }, { "$group" : { "_id" : "$endpoint", "total" : { "$sum" : 1 }, "failures" : { "$sum" : { "$cond" : [{ "$gte" : ["$level", 4] }, 1, 0] } }, "users" : { "$addToSet" : { "$cond" : [{ "$gte" : ["$level", 4] }, { "$ifNull" : ["$userId", null] }, null] } }, "sessions" : { "$addToSet" : { "$cond" : [{ "$gte" : ["$level", 4] }, { "$ifNull" : ["$sessionId", null] }, null] } }, "times" : { "$push" : { "$ifNull" : ["$responseTime", null] } } } }, { "$project" : { "total" : 1, "failures" : 1, "users" : { "$size" : { "$setDifference" : ["$users", [null]] } }, "sessions" : { "$size" : { "$setDifference" : ["$sessions", [null]] } }, "times" : { "$sortArray" : { "input" : { "$filter" : { "input" : "$times", "cond" : { "$ne" : ["$$this", null] } } }, "sortBy" : 1 } } } }, { "$project" : { "total" : 1, "failures" : 1, "users" : 1, "sessions" : 1, "timed" : { "$size" : "$times" }, "p95" : { "$arrayElemAt" : ["$times", { "$subtract" : [{ "$trunc" : { "$divide" : [{ "$add" : [{ "$multiply" : [{ "$size" : "$times" }, 95] }, 99] }, 100] } }, 1] }] } } }]""",
            MongoRender.Of(MongoAlertQueries.WindowEndpoints(Start, End)));

    [Fact]
    public void WindowFailedCities_Window_TenMostFailingCitiesThenByName() =>
        Assert.Equal(
            """[{ "$match" : { "tus" : { "$gte" : 1793588645000000, "$lt" : 1793588945000000 }, "level" : { "$gte" : 4 }, "city" : { "$exists" : true } } }, { "$group" : { "_id" : "$city", "n" : { "$sum" : 1 } } }, { "$sort" : { "n" : -1, "_id" : 1 } }, { "$limit" : 10 }]""",
            MongoRender.Of(MongoAlertQueries.WindowFailedCities(Start, End)));

    [Fact]
    public void WindowPatterns_Window_CountsWarningsAndFailuresPerPattern() =>
        Assert.Equal(
            """[{ "$match" : { "tus" : { "$gte" : 1793588645000000, "$lt" : 1793588945000000 }, "level" : { "$gte" : 3 }, "patternId" : { "$exists" : true } } }, { "$group" : { "_id" : "$patternId", "n" : { "$sum" : 1 }, "failures" : { "$sum" : { "$cond" : [{ "$gte" : ["$level", 4] }, 1, 0] } } } }]""",
            MongoRender.Of(MongoAlertQueries.WindowPatterns(Start, End)));

    [Fact]
    public void Alerts_Filters_RenderOnTheIndexedFields()
    {
        Assert.Equal("""{ "tus" : 1, "_id" : 1 }""", MongoRender.Of(MongoQueries.OldestFirst));
        Assert.Equal("""{ "open" : true }""", MongoRender.Of(MongoAlertQueries.OpenAlerts));
        Assert.Equal("""{ "updatedAt" : { "$gte" : 1793588645000000 } }""", MongoRender.Of(MongoAlertQueries.Alerts(Start, null, null)));
        Assert.Equal("""{ "updatedAt" : { "$gte" : 1793588645000000 }, "status" : "active", "severity" : "HIGH" }""", MongoRender.Of(MongoAlertQueries.Alerts(Start, "active", "HIGH")));
        Assert.Equal("""{ "updatedAt" : -1 }""", MongoRender.Of(MongoAlertQueries.RecentlyUpdated));
        Assert.Equal("""{ "fingerprint" : "fp", "status" : "resolved" }""", MongoRender.Of(MongoAlertQueries.Resolved("fp")));
        Assert.Equal("""{ "status" : "resolved", "updatedAt" : { "$lt" : 1793588645000000 } }""", MongoRender.Of(MongoAlertQueries.ResolvedBefore(Start)));
    }

    [Fact]
    public void HistoryOf_OneOrManyAlerts_MatchesThemOldestFirst()
    {
        Assert.Equal("""{ "alertId" : "a1" }""", MongoRender.Of(MongoAlertQueries.HistoryOf("a1")));
        Assert.Equal("""{ "alertId" : { "$in" : ["a1", "a2"] } }""", MongoRender.Of(MongoAlertQueries.HistoryOf(["a1", "a2"])));
        Assert.Equal("""{ "at" : 1, "_id" : 1 }""", MongoRender.Of(MongoAlertQueries.HistoryOrder));
    }

    [Fact]
    public void AlertIndexes_Created_OneOpenAlertPerFingerprintAndAnIndexPerLookup() =>
        Assert.Equal(
            [
                """{ "key" : { "fingerprint" : 1 }, "name" : "open_fingerprint", "unique" : true, "partialFilterExpression" : { "open" : true } }""",
                """{ "key" : { "updatedAt" : -1 }, "name" : "updatedAt" }""",
                """{ "key" : { "fingerprint" : 1, "updatedAt" : -1 }, "name" : "fingerprint_updatedAt" }""",
                """{ "key" : { "open" : 1 }, "name" : "open", "partialFilterExpression" : { "open" : true } }""",
                """{ "key" : { "alertId" : 1, "at" : 1 }, "name" : "alertId_at" }""",
            ],
            [.. MongoAlertQueries.AlertIndexes().Select(MongoRender.Of), .. MongoAlertQueries.HistoryIndexes().Select(MongoRender.Of)]);
}
