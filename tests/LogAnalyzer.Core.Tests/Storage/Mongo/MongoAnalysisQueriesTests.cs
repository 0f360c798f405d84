using LogAnalyzer.Storage.Mongo;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The analysis side's pipeline and filters, rendered to BSON without a server.</summary>
public sealed class MongoAnalysisQueriesTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void AnomalousSince_Time_UsesThePartialAnomalyIndex() =>
        Assert.Equal("""{ "isAnomaly" : true, "tus" : { "$gte" : 1793588645000000 } }""", MongoRender.Of(MongoAnalysisQueries.AnomalousSince(Since)));

    [Fact]
    public void ToAnalyse_NoModel_NeverAnalysedOrGrownTenfoldAnomalousFirst() =>
        Assert.Equal(
            """[{ "$match" : { "merged" : false } }, { "$lookup" : { "from" : "pattern_analyses", "localField" : "_id", "foreignField" : "_id", "as" : "analysis" } }, { "$unwind" : { "path" : "$analysis", "preserveNullAndEmptyArrays" : true } }, { "$match" : { "$or" : [{ "analysis" : { "$exists" : false } }, { "$expr" : { "$gte" : ["$count", { "$multiply" : [10, "$analysis.patternCount"] }] } }] } }, { "$addFields" : { "anomalous" : { "$in" : ["$_id", ["p1"]] }, "failures" : { "$add" : [{ "$ifNull" : ["$byLevel.error", 0] }, { "$ifNull" : ["$byLevel.critical", 0] }] }, "warnings" : { "$ifNull" : ["$byLevel.warning", 0] } } }, { "$sort" : { "anomalous" : -1, "failures" : -1, "warnings" : -1, "count" : -1, "_id" : 1 } }, { "$limit" : 5 }]""",
            MongoRender.Of(MongoAnalysisQueries.ToAnalyse(["p1"], modelConfigured: false, limit: 5)));

    [Fact]
    public void ToAnalyse_ModelConfigured_AlsoRedoesBuiltInExplanationsOfWarningsAndFailures() =>
        Assert.Equal(
            """[{ "$match" : { "merged" : false } }, { "$lookup" : { "from" : "pattern_analyses", "localField" : "_id", "foreignField" : "_id", "as" : "analysis" } }, { "$unwind" : { "path" : "$analysis", "preserveNullAndEmptyArrays" : true } }, { "$match" : { "$or" : [{ "analysis" : { "$exists" : false } }, { "$expr" : { "$gte" : ["$count", { "$multiply" : [10, "$analysis.patternCount"] }] } }, { "analysis.source" : "builtin", "analysis.failure" : null, "$expr" : { "$gt" : [{ "$add" : [{ "$ifNull" : ["$byLevel.warning", 0] }, { "$ifNull" : ["$byLevel.error", 0] }, { "$ifNull" : ["$byLevel.critical", 0] }] }, 0] } }] } }, { "$addFields" : { "anomalous" : { "$in" : ["$_id", ["p1", "p2"]] }, "failures" : { "$add" : [{ "$ifNull" : ["$byLevel.error", 0] }, { "$ifNull" : ["$byLevel.critical", 0] }] }, "warnings" : { "$ifNull" : ["$byLevel.warning", 0] } } }, { "$sort" : { "anomalous" : -1, "failures" : -1, "warnings" : -1, "count" : -1, "_id" : 1 } }, { "$limit" : 5 }]""",
            MongoRender.Of(MongoAnalysisQueries.ToAnalyse(["p1", "p2"], modelConfigured: true, limit: 5)));

    [Fact]
    public void Evidence_PatternFamilyOfTheLastDay_ReadsOnlyTheFieldsItNeeds()
    {
        Assert.Equal("""{ "patternId" : { "$in" : ["p1", "p0"] }, "tus" : { "$gte" : 1793588645000000 } }""", MongoRender.Of(MongoAnalysisQueries.Evidence(["p1", "p0"], Since)));
        Assert.Equal("""{ "tus" : 1, "endpoint" : 1, "errorCode" : 1, "city" : 1, "userId" : 1, "responseTime" : 1, "message" : 1, "anomalyReasons" : 1, "exception" : 1 }""", MongoRender.Of(MongoAnalysisQueries.EvidenceFields));
    }
}
