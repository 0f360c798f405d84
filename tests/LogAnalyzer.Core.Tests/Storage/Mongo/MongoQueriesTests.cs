using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Mongo;
using LogAnalyzer.Storage.Sqlite;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The filters, sorts, updates and pipelines the MongoDB store sends, rendered to BSON without a server.</summary>
public sealed class MongoQueriesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Entries_NoFilter_MatchesEverything() =>
        Assert.Equal("{ }", MongoRender.Of(MongoQueries.Entries(new LogQuery())));

    [Fact]
    public void Entries_EveryFieldFilter_RendersOneConditionEachOnTheIndexedFields()
    {
        var query = new LogQuery
        {
            Levels = [LogEntryLevel.Error, LogEntryLevel.Critical, LogEntryLevel.Error],
            From = At,
            To = At.AddHours(1),
            Endpoint = "/api/payment",
            UserId = "u1",
            SessionId = "s1",
            ErrorCode = "E1",
            AnomalyOnly = true,
        };

        Assert.Equal(
            """{ "level" : { "$in" : [4, 5] }, "tus" : { "$gte" : 1793588645000000, "$lt" : 1793592245000000 }, "endpoint" : "/api/payment", "userId" : "u1", "sessionId" : "s1", "errorCode" : "E1", "isAnomaly" : true }""",
            MongoRender.Of(MongoQueries.Entries(query)));
    }

    [Fact]
    public void Entries_PatternWithMergedPatterns_MatchesTheWholeFamily()
    {
        Assert.Equal("""{ "patternId" : { "$in" : ["p1", "p0"] } }""", MongoRender.Of(MongoQueries.Entries(new LogQuery { PatternId = "p1" }, ["p1", "p0"])));
        Assert.Equal("""{ "patternId" : "p1" }""", MongoRender.Of(MongoQueries.Entries(new LogQuery { PatternId = "p1" })));
    }

    [Fact]
    public void Entries_TextWithPrefixAndSyntax_QuotesEachWordAndMatchesPrefixesByRegex()
    {
        var query = new LogQuery { Text = "gateway -timeout pay* \"x", Levels = [LogEntryLevel.Error] };

        Assert.Equal(
            """{ "$text" : { "$search" : "\"gateway\" \"timeout\" \"x\"" }, "$or" : [{ "message" : { "$regularExpression" : { "pattern" : "\\bpay", "options" : "i" } } }, { "exception" : { "$regularExpression" : { "pattern" : "\\bpay", "options" : "i" } } }], "level" : { "$in" : [4] } }""",
            MongoRender.Of(MongoQueries.Entries(query)));
    }

    [Fact]
    public void Entries_TwoPrefixes_RequiresBoth()
    {
        Assert.Equal(
            """{ "$and" : [{ "$or" : [{ "message" : { "$regularExpression" : { "pattern" : "\\bpay", "options" : "i" } } }, { "exception" : { "$regularExpression" : { "pattern" : "\\bpay", "options" : "i" } } }] }, { "$or" : [{ "message" : { "$regularExpression" : { "pattern" : "\\bgate", "options" : "i" } } }, { "exception" : { "$regularExpression" : { "pattern" : "\\bgate", "options" : "i" } } }] }] }""",
            MongoRender.Of(MongoQueries.Entries(new LogQuery { Text = "pay* gate*" })));
    }

    [Fact]
    public void Entries_PrefixWithRegexCharacters_EscapesThem() =>
        Assert.Equal(
            """{ "$or" : [{ "message" : { "$regularExpression" : { "pattern" : "\\ba\\.b\\(c", "options" : "i" } } }, { "exception" : { "$regularExpression" : { "pattern" : "\\ba\\.b\\(c", "options" : "i" } } }] }""",
            MongoRender.Of(MongoQueries.Entries(new LogQuery { Text = "a.b(c*" })));

    [Theory]
    [InlineData("*")]
    [InlineData("( \" -")]
    public void Entries_TextWithoutWords_MatchesNothing(string text) =>
        Assert.Equal("""{ "_id" : { "$in" : [] } }""", MongoRender.Of(MongoQueries.Entries(new LogQuery { Text = text })));

    [Fact]
    public void ById_AndIdRange_MatchTheEntryAndTheBatchToUndo()
    {
        Assert.Equal("""{ "_id" : 42 }""", MongoRender.Of(MongoQueries.ById(42)));
        Assert.Equal("""{ "_id" : { "$gte" : 101, "$lte" : 150 } }""", MongoRender.Of(MongoQueries.IdRange(101, 150)));
    }

    [Fact]
    public void NewestFirst_Rendered_SortsByTimeThenId() =>
        Assert.Equal("""{ "tus" : -1, "_id" : -1 }""", MongoRender.Of(MongoQueries.NewestFirst));

    [Fact]
    public void Errors_Rendered_MatchesErrorAndCritical() =>
        Assert.Equal("""{ "level" : { "$in" : [4, 5] } }""", MongoRender.Of(MongoQueries.Errors));

    [Fact]
    public void Stats_Rendered_SumsEveryLevelAndAnomaliesOverTheMinutes() =>
        Assert.Equal(
            """[{ "$group" : { "_id" : null, "trace" : { "$sum" : "$trace" }, "debug" : { "$sum" : "$debug" }, "information" : { "$sum" : "$information" }, "warning" : { "$sum" : "$warning" }, "error" : { "$sum" : "$error" }, "critical" : { "$sum" : "$critical" }, "anomalies" : { "$sum" : "$anomalies" } } }]""",
            MongoRender.Of(MongoQueries.Stats()));

    [Fact]
    public void ReserveIds_BatchOfFifty_AdvancesTheLogCounterByFifty()
    {
        Assert.Equal("""{ "_id" : "logs" }""", MongoRender.Of(MongoQueries.LogIdCounter));
        Assert.Equal("""{ "$inc" : { "seq" : 50 } }""", MongoRender.Of(MongoQueries.ReserveIds(50)));
    }

    [Fact]
    public void MinuteTally_CountsPerLevel_UpsertsTheMinuteWithItsStartAndCounts() =>
        Assert.Equal(
            """{ "q" : { "_id" : 29000000 }, "u" : { "$setOnInsert" : { "at" : { "$date" : "2025-02-19T21:20:00Z" } }, "$inc" : { "trace" : 1, "debug" : 2, "information" : 3, "warning" : 4, "error" : 5, "critical" : 6, "anomalies" : 7 } }, "upsert" : true }""",
            MongoRender.Of(MongoQueries.MinuteTally(29_000_000, [1, 2, 3, 4, 5, 6, 7])));

    [Fact]
    public void PatternTally_TwoEntries_UpsertsCountsSpanTemplateAndKeepsTheFirstSample()
    {
        var tally = new PatternTally("cart <*>", "cart 0", At);
        tally.Add(new LogEntry { Timestamp = At, Level = LogEntryLevel.Information, Message = "cart 0" });
        tally.Add(new LogEntry { Timestamp = At.AddSeconds(100), Level = LogEntryLevel.Error, Message = "cart 1" });

        Assert.Equal(
            """{ "q" : { "_id" : "p-cart" }, "u" : { "$set" : { "template" : "cart <*>", "merged" : false }, "$setOnInsert" : { "sample" : "cart 0" }, "$min" : { "firstSeen" : 1793588645000000 }, "$max" : { "lastSeen" : 1793588745000000 }, "$inc" : { "count" : 2, "byLevel.information" : 1, "byLevel.error" : 1 }, "$unset" : { "mergedInto" : 1 } }, "upsert" : true }""",
            MongoRender.Of(MongoQueries.PatternTally("p-cart", tally)));
    }

    [Fact]
    public void PatternProjections_EachUse_FetchesOnlyTheFieldsItReads()
    {
        Assert.Equal("""{ "mergedInto" : 1 }""", MongoRender.Of(MongoQueries.PatternMergeTarget));
        Assert.Equal("""{ "template" : 1, "mergedInto" : 1 }""", MongoRender.Of(MongoQueries.PatternResolution));
        Assert.Equal("""{ "template" : 1, "mergedInto" : 1, "firstSeen" : 1, "sample" : 1 }""", MongoRender.Of(MongoQueries.PatternSummary));
    }

    [Fact]
    public void CurrentPatterns_ByCount_SkipsMergedAndBreaksTiesById()
    {
        Assert.Equal("""{ "merged" : false }""", MongoRender.Of(MongoQueries.CurrentPatterns));
        Assert.Equal("""{ "count" : -1, "_id" : 1 }""", MongoRender.Of(MongoQueries.PatternsByCount));
    }

    [Fact]
    public void MergeInto_SourcePattern_TargetTakesOverCountsAndSpan()
    {
        var from = new MongoDB.Bson.BsonDocument
        {
            { "_id", "p-old" }, { "template", "user 42 logged in" }, { "sample", "user 42 logged in" }, { "firstSeen", 10L }, { "lastSeen", 20L },
            { "count", 3L }, { "byLevel", new MongoDB.Bson.BsonDocument { { "information", 2L }, { "error", 1L } } }, { "merged", false },
        };

        Assert.Equal(
            """{ "q" : { "_id" : "p-new" }, "u" : { "$setOnInsert" : { "template" : "user 42 logged in", "sample" : "user 42 logged in", "merged" : false }, "$min" : { "firstSeen" : 10 }, "$max" : { "lastSeen" : 20 }, "$inc" : { "count" : 3, "byLevel.information" : 2, "byLevel.error" : 1 } }, "upsert" : true }""",
            MongoRender.Of(MongoQueries.MergeInto("p-new", from)));
    }

    [Fact]
    public void MergeInto_TargetTemplateGiven_InsertsTheTargetUnderItsOwnTemplate()
    {
        var from = new MongoDB.Bson.BsonDocument
        {
            { "_id", "p-old" }, { "template", "user 42 logged in" }, { "firstSeen", 10L }, { "lastSeen", 20L }, { "count", 3L }, { "merged", false },
        };

        Assert.StartsWith(
            """{ "q" : { "_id" : "p-new" }, "u" : { "$setOnInsert" : { "template" : "user <*> logged in", """,
            MongoRender.Of(MongoQueries.MergeInto("p-new", from, "user <*> logged in")));
    }

    [Fact]
    public void RepointMerged_SourceWithMergedPatterns_MovesThemAllToTheTarget()
    {
        Assert.Equal(
            """{ "q" : { "$or" : [{ "_id" : "p-old" }, { "mergedInto" : "p-old" }], "_id" : { "$ne" : "p-new" } }, "u" : { "$set" : { "merged" : true, "mergedInto" : "p-new", "count" : 0, "byLevel" : { } } }, "multi" : true }""",
            MongoRender.Of(MongoQueries.RepointMerged("p-old", "p-new")));
        Assert.Equal("""{ "mergedInto" : "p-new" }""", MongoRender.Of(MongoQueries.MergedInto("p-new")));
        Assert.Equal("""{ "_id" : "p-old", "merged" : false }""", MongoRender.Of(MongoQueries.CurrentPattern("p-old")));
    }
}
