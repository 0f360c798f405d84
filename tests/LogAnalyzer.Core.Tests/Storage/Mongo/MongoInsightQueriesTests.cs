using LogAnalyzer.Impact;
using LogAnalyzer.Insights;
using LogAnalyzer.Storage.Mongo;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The blast radius, search, timeline, trend and chart queries of the MongoDB store, rendered to BSON without a server.</summary>
public sealed class MongoInsightQueriesTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(1);

    [Fact]
    public void Matching_ImpactQuery_FiltersOnlyWhatIsAsked()
    {
        Assert.Equal("""{ "tus" : { "$gte" : 1793588645000000, "$lt" : 1793592245000000 }, "level" : { "$gte" : 4 } }""", MongoRender.Of(MongoImpactQueries.Matching(new ImpactQuery(From, To))));
        Assert.Equal(
            """{ "tus" : { "$gte" : 1793588645000000, "$lt" : 1793592245000000 }, "level" : { "$gte" : 3 }, "endpoint" : "/api/pay", "errorCode" : "E1", "patternId" : { "$in" : ["p1", "p0"] }, "responseTime" : { "$gte" : 500.0 } }""",
            MongoRender.Of(MongoImpactQueries.Matching(new ImpactQuery(From, To) { Endpoint = "/api/pay", ErrorCode = "E1", PatternId = "p1", MinimumLevel = LogEntryLevel.Warning, MinimumResponseTime = 500 }, ["p1", "p0"])));
    }

    [Fact]
    public void Matching_SearchWithoutLevels_WarningsAndAbove() =>
        Assert.Equal("""{ "tus" : { "$gte" : 1793588645000000, "$lt" : 1793592245000000 }, "level" : { "$in" : [3, 4, 5] } }""", MongoRender.Of(MongoImpactQueries.Matching(new SearchFilter(From, To))));

    [Fact]
    public void Matching_SearchWithEveryFilter_TermsAreEscapedCaseInsensitiveAlternativesAndWordsAnyOf()
    {
        var search = new SearchFilter(From, To)
        {
            Levels = [LogEntryLevel.Error],
            EndpointTerms = ["pay.ment"],
            ErrorCodeTerms = ["PAY"],
            UserIds = ["u1"],
            SessionIds = ["s1"],
            Cities = ["new york"],
            Words = ["timeout", "-\"gateway"],
        };

        Assert.Equal(
            """{ "$text" : { "$search" : "timeout gateway" }, "tus" : { "$gte" : 1793588645000000, "$lt" : 1793592245000000 }, "level" : { "$in" : [4] }, "$or" : [{ "endpoint" : { "$in" : [{ "$regularExpression" : { "pattern" : "pay\\.ment", "options" : "i" } }] } }, { "errorCode" : { "$in" : [{ "$regularExpression" : { "pattern" : "PAY", "options" : "i" } }] } }], "userId" : { "$in" : ["u1"] }, "sessionId" : { "$in" : ["s1"] }, "city" : { "$in" : [{ "$regularExpression" : { "pattern" : "^new\\ york$", "options" : "i" } }] } }""",
            MongoRender.Of(MongoImpactQueries.Matching(search)));
    }

    [Fact]
    public void Tally_MatchingEntries_OneFacetPerFigure() =>
        Assert.Equal(
            """[{ "$match" : { "tus" : { "$gte" : 1793588645000000, "$lt" : 1793592245000000 }, "level" : { "$gte" : 4 } } }, { "$facet" : { "totals" : [{ "$group" : { "_id" : null, "rows" : { "$sum" : 1 }, "first" : { "$min" : "$tus" }, "last" : { "$max" : "$tus" } } }], "users" : [{ "$match" : { "userId" : { "$exists" : true } } }, { "$group" : { "_id" : "$userId" } }, { "$count" : "n" }], "sessions" : [{ "$match" : { "sessionId" : { "$exists" : true } } }, { "$group" : { "_id" : "$sessionId" } }, { "$count" : "n" }], "cities" : [{ "$match" : { "city" : { "$exists" : true } } }, { "$group" : { "_id" : "$city", "n" : { "$sum" : 1 } } }, { "$sort" : { "n" : -1, "_id" : 1 } }, { "$limit" : 10 }], "endpoints" : [{ "$match" : { "endpoint" : { "$exists" : true } } }, { "$group" : { "_id" : "$endpoint", "n" : { "$sum" : 1 } } }, { "$sort" : { "n" : -1, "_id" : 1 } }, { "$limit" : 10 }], "endpointSessions" : [{ "$match" : { "endpoint" : { "$exists" : true }, "sessionId" : { "$exists" : true } } }, { "$group" : { "_id" : { "e" : "$endpoint", "s" : "$sessionId" } } }, { "$group" : { "_id" : "$_id.e", "n" : { "$sum" : 1 } } }], "errorCodes" : [{ "$match" : { "errorCode" : { "$exists" : true } } }, { "$group" : { "_id" : "$errorCode", "n" : { "$sum" : 1 } } }, { "$sort" : { "n" : -1, "_id" : 1 } }, { "$limit" : 10 }], "services" : [{ "$match" : { "service" : { "$exists" : true } } }, { "$group" : { "_id" : "$service", "n" : { "$sum" : 1 } } }, { "$sort" : { "n" : -1, "_id" : 1 } }, { "$limit" : 10 }], "patterns" : [{ "$match" : { "patternId" : { "$exists" : true } } }, { "$group" : { "_id" : "$patternId", "n" : { "$sum" : 1 } } }] } }]""",
            MongoRender.Of(MongoImpactQueries.Tally(MongoImpactQueries.Matching(new ImpactQuery(From, To)))));

    [Fact]
    public void Sessions_UserAndSession_UseTheirIndexes()
    {
        Assert.Equal("""{ "sessionId" : "s1" }""", MongoRender.Of(MongoInsightQueries.Session("s1")));
        Assert.Equal("""{ "userId" : "u1", "sessionId" : { "$exists" : true } }""", MongoRender.Of(MongoInsightQueries.UserInSessions("u1")));
    }

    [Fact]
    public void SessionSummaries_PerSessionWithTheLatestEndpoint_MostRecentFirst() =>
        Assert.Equal(
            """[{ "$match" : { "sessionId" : { "$in" : ["s1", "s2"] } } }, { "$group" : { "_id" : "$sessionId", "first" : { "$min" : "$tus" }, "last" : { "$max" : "$tus" }, "events" : { "$sum" : 1 }, "errors" : { "$sum" : { "$cond" : [{ "$gte" : ["$level", 4] }, 1, 0] } }, "lastEndpoint" : { "$max" : { "$cond" : [{ "$ifNull" : ["$endpoint", false] }, { "t" : "$tus", "e" : "$endpoint" }, null] } } } }, { "$sort" : { "last" : -1, "_id" : 1 } }, { "$limit" : 20 }]""",
            MongoRender.Of(MongoInsightQueries.SessionSummaries(["s1", "s2"], 20)));

    [Fact]
    public void Trending_PeriodAndThePeriodBefore_CountsWarningsAndAbovePerPattern() =>
        Assert.Equal(
            """[{ "$match" : { "level" : { "$gte" : 3 }, "tus" : { "$gte" : 100, "$lt" : 300 }, "patternId" : { "$exists" : true } } }, { "$group" : { "_id" : "$patternId", "n" : { "$sum" : { "$cond" : [{ "$gte" : ["$tus", 200] }, 1, 0] } }, "previous" : { "$sum" : { "$cond" : [{ "$gte" : ["$tus", 200] }, 0, 1] } }, "score" : { "$sum" : { "$cond" : [{ "$gte" : ["$tus", 200] }, "$anomalyScore", 0] } }, "top" : { "$max" : { "$cond" : [{ "$gte" : ["$tus", 200] }, "$level", null] } } } }]""",
            MongoRender.Of(MongoInsightQueries.Trending(100, 200, 300)));

    [Fact]
    public void Buckets_MinuteRollups_SumsPerBucket() =>
        Assert.Equal(
            """[{ "$match" : { "_id" : { "$gte" : 1000, "$lt" : 1060 } } }, { "$group" : { "_id" : { "$floor" : { "$divide" : [{ "$subtract" : ["$_id", 1000] }, 15] } }, "total" : { "$sum" : { "$add" : ["$trace", "$debug", "$information", "$warning", "$error", "$critical"] } }, "errors" : { "$sum" : { "$add" : ["$error", "$critical"] } }, "warnings" : { "$sum" : "$warning" } } }]""",
            MongoRender.Of(MongoInsightQueries.Buckets(1000, 1060, 15)));

    [Fact]
    public void Conversation_IdAndAge_MatchesOnTheUpdatedAtIndex()
    {
        Assert.Equal("""{ "_id" : "c1", "updatedAt" : { "$gte" : 1793588645000000 } }""", MongoRender.Of(MongoInsightQueries.Conversation("c1", From)));
        Assert.Equal("""{ "updatedAt" : { "$lt" : 1793588645000000 } }""", MongoRender.Of(MongoInsightQueries.ConversationsBefore(From)));
        Assert.Equal("""{ "key" : { "updatedAt" : 1 }, "name" : "updatedAt" }""", MongoRender.Of(Assert.Single(MongoInsightQueries.ConversationIndexes())));
    }
}
