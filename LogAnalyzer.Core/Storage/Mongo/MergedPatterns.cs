using MongoDB.Bson;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>
/// Stored patterns by id, with the patterns the merged ones joined, so that an id an entry or a count carries from
/// before a merge resolves to the pattern it belongs to now. A merge repoints every earlier source at its final
/// target (see <see cref="MongoQueries.RepointMerged"/>), so one step resolves any id.
/// </summary>
internal sealed class MergedPatterns(Dictionary<string, BsonDocument> byId)
{
    /// <summary>Whether the pattern <paramref name="id"/> is stored.</summary>
    public bool Knows(string id) => byId.ContainsKey(id);

    /// <summary>The id of the pattern <paramref name="id"/> belongs to now: the one it was merged into, or itself (also when unknown).</summary>
    public string Resolve(string id) =>
        byId.TryGetValue(id, out var pattern) && MongoDocuments.String(pattern, MongoFields.MergedInto) is { } target ? target : id;

    /// <summary>The pattern <paramref name="id"/> belongs to now, or <see langword="null"/> when it or that pattern is not stored (or not loaded).</summary>
    public BsonDocument? Current(string id) => byId.ContainsKey(id) ? byId.GetValueOrDefault(Resolve(id)) : null;

    /// <summary>The template of the pattern <paramref name="id"/> belongs to now, when known.</summary>
    public string? Template(string id) => Current(id) is { } pattern ? MongoDocuments.String(pattern, MongoFields.Template) : null;
}
