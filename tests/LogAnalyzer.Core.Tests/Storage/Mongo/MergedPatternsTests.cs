using LogAnalyzer.Storage.Mongo;
using MongoDB.Bson;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>How the MongoDB store resolves a pattern id carried from before a merge, without a server.</summary>
public sealed class MergedPatternsTests
{
    private static readonly MergedPatterns Patterns = new(new Dictionary<string, BsonDocument>(StringComparer.Ordinal)
    {
        ["current"] = Pattern("current", "Payment <*> failed", mergedInto: null),
        ["joined"] = Pattern("joined", "Payment 42 failed", mergedInto: "current"),
        ["orphan"] = Pattern("orphan", "Card <*> declined", mergedInto: "not-loaded"),
    });

    [Fact]
    public void Resolve_MergedPattern_IsThePatternItJoined() => Assert.Equal("current", Patterns.Resolve("joined"));

    [Fact]
    public void Resolve_CurrentOrUnknownPattern_IsItself() =>
        Assert.Equal(("current", "unknown"), (Patterns.Resolve("current"), Patterns.Resolve("unknown")));

    [Fact]
    public void Template_MergedPattern_IsTheTemplateOfThePatternItJoined() =>
        Assert.Equal("Payment <*> failed", Patterns.Template("joined"));

    [Fact]
    public void Current_PatternOrItsTargetNotStored_IsNull()
    {
        Assert.Null(Patterns.Current("unknown"));
        Assert.Null(Patterns.Current("orphan"));
        Assert.Null(Patterns.Template("orphan"));
        Assert.True(Patterns.Knows("orphan"));
    }

    private static BsonDocument Pattern(string id, string template, string? mergedInto)
    {
        var document = new BsonDocument { [MongoFields.Id] = id, [MongoFields.Template] = template };
        if (mergedInto is not null)
        {
            document[MongoFields.MergedInto] = mergedInto;
        }

        return document;
    }
}
