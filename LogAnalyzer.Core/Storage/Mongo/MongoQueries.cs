using System.Text;
using System.Text.RegularExpressions;
using LogAnalyzer.Storage.Sqlite;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>
/// Builds every filter, sort, update and pipeline the MongoDB store sends, so that tests can render them to BSON
/// without a server.
/// </summary>
internal static class MongoQueries
{
    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static UpdateDefinitionBuilder<BsonDocument> Update => Builders<BsonDocument>.Update;

    /// <summary>Newest first; the id breaks ties between entries of the same microsecond.</summary>
    public static SortDefinition<BsonDocument> NewestFirst { get; } =
        Builders<BsonDocument>.Sort.Descending(MongoFields.Micros).Descending(MongoFields.Id);

    /// <summary>The oldest entry first (with <see cref="NewestFirst"/>'s index read backwards).</summary>
    public static SortDefinition<BsonDocument> OldestFirst { get; } =
        Builders<BsonDocument>.Sort.Ascending(MongoFields.Micros).Ascending(MongoFields.Id);

    /// <summary>The entries that match <paramref name="query"/>.</summary>
    /// <param name="query">The search.</param>
    /// <param name="patternIds">
    /// With <see cref="LogQuery.PatternId"/>: that id and the ids of the patterns merged into it (see
    /// <see cref="MergedInto"/>); otherwise ignored.
    /// </param>
    public static FilterDefinition<BsonDocument> Entries(LogQuery query, IReadOnlyCollection<string>? patternIds = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<FilterDefinition<BsonDocument>>();
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            // $text must be at the top level of the filter; the driver keeps it there in the $and.
            filters.AddRange(Text(query.Text));
        }

        if (query.Levels.Count > 0)
        {
            filters.Add(Filter.In(MongoFields.Level, query.Levels.Distinct().Select(l => (int)l)));
        }

        if (query.From is { } from)
        {
            filters.Add(Filter.Gte(MongoFields.Micros, UnixTime.ToMicroseconds(from)));
        }

        if (query.To is { } to)
        {
            filters.Add(Filter.Lt(MongoFields.Micros, UnixTime.ToMicroseconds(to)));
        }

        AddEquals(filters, MongoFields.Endpoint, query.Endpoint);
        AddEquals(filters, MongoFields.UserId, query.UserId);
        AddEquals(filters, MongoFields.SessionId, query.SessionId);
        AddEquals(filters, MongoFields.ErrorCode, query.ErrorCode);
        if (query.PatternId is { } patternId)
        {
            var ids = patternIds is { Count: > 0 } ? patternIds : [patternId];
            filters.Add(ids.Count == 1 ? Filter.Eq(MongoFields.PatternId, ids.First()) : Filter.In(MongoFields.PatternId, ids));
        }

        if (query.AnomalyOnly)
        {
            filters.Add(Filter.Eq(MongoFields.IsAnomaly, true));
        }

        return filters.Count switch
        {
            0 => Filter.Empty,
            1 => filters[0],
            _ => Filter.And(filters),
        };
    }

    /// <summary>
    /// Every word must occur in the message or exception. Plain words become quoted <c>$text</c> phrases (ANDed, and
    /// never read as search syntax such as a leading <c>-</c>); a word ending in <c>*</c> becomes a case-insensitive
    /// regular expression anchored at a word boundary. Text with no searchable word matches nothing.
    /// </summary>
    public static IReadOnlyList<FilterDefinition<BsonDocument>> Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var phrases = new StringBuilder();
        var filters = new List<FilterDefinition<BsonDocument>>();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = word.EndsWith('*');

            // Quotes and backslashes would end the phrase; punctuation at either end (a leading - negates a word) is no part of it.
            var cleaned = Trim(word.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("\\", string.Empty, StringComparison.Ordinal));
            if (cleaned.Length == 0)
            {
                continue;
            }

            if (prefix)
            {
                var pattern = new BsonRegularExpression(@"\b" + Regex.Escape(cleaned), "i");
                filters.Add(Filter.Or(Filter.Regex(MongoFields.Message, pattern), Filter.Regex(MongoFields.Exception, pattern)));
            }
            else
            {
                phrases.Append(phrases.Length == 0 ? "\"" : " \"").Append(cleaned).Append('"');
            }
        }

        if (phrases.Length > 0)
        {
            filters.Insert(0, Filter.Text(phrases.ToString()));
        }

        return filters.Count == 0 ? [Nothing] : filters;
    }

    /// <summary>Matches no document.</summary>
    public static FilterDefinition<BsonDocument> Nothing { get; } = Filter.In(MongoFields.Id, Array.Empty<long>());

    public static FilterDefinition<BsonDocument> ById(long id) => Filter.Eq(MongoFields.Id, id);

    public static FilterDefinition<BsonDocument> IdRange(long first, long last) =>
        Filter.And(Filter.Gte(MongoFields.Id, first), Filter.Lte(MongoFields.Id, last));

    /// <summary>Error and Critical entries (for the recent errors of the statistics, with <see cref="NewestFirst"/>).</summary>
    public static FilterDefinition<BsonDocument> Errors { get; } =
        Filter.In(MongoFields.Level, new[] { (int)LogEntryLevel.Error, (int)LogEntryLevel.Critical });

    /// <summary>Sums the minute rollups: entries per level and anomalies over all minutes.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> Stats()
    {
        var group = new BsonDocument(MongoFields.Id, BsonNull.Value);
        foreach (var level in MongoFields.Levels)
        {
            var field = MongoFields.LevelField(level);
            group.Add(field, new BsonDocument("$sum", "$" + field));
        }

        group.Add(MongoFields.Anomalies, new BsonDocument("$sum", "$" + MongoFields.Anomalies));
        return new EmptyPipelineDefinition<BsonDocument>().AppendStage<BsonDocument, BsonDocument, BsonDocument>(new BsonDocument("$group", group));
    }

    /// <summary>Reserves <paramref name="count"/> entry ids: the counter's new value is the last of them.</summary>
    public static UpdateDefinition<BsonDocument> ReserveIds(int count) => Update.Inc(MongoFields.Sequence, (long)count);

    public static FilterDefinition<BsonDocument> LogIdCounter { get; } = Filter.Eq(MongoFields.Id, MongoFields.LogIdCounter);

    /// <summary>Adds one minute's counts of a batch to its rollup, creating it when new.</summary>
    /// <param name="minute">Minutes since the Unix epoch.</param>
    /// <param name="counts">Entries per level (Trace to Critical), then anomalies.</param>
    public static UpdateOneModel<BsonDocument> MinuteTally(long minute, long[] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var updates = new List<UpdateDefinition<BsonDocument>>
        {
            Update.SetOnInsert(MongoFields.MinuteStart, new BsonDateTime(DateTimeOffset.UnixEpoch.AddMinutes(minute).UtcDateTime)),
        };
        foreach (var level in MongoFields.Levels)
        {
            updates.Add(Update.Inc(MongoFields.LevelField(level), counts[(int)level]));
        }

        updates.Add(Update.Inc(MongoFields.Anomalies, counts[6]));
        return new UpdateOneModel<BsonDocument>(Filter.Eq(MongoFields.Id, minute), Update.Combine(updates)) { IsUpsert = true };
    }

    /// <summary>
    /// Adds one pattern's counts of a batch: the latest template wins, the first sample stays, the time span widens,
    /// and a pattern seen again after a merge is current again.
    /// </summary>
    public static UpdateOneModel<BsonDocument> PatternTally(string id, PatternTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var updates = new List<UpdateDefinition<BsonDocument>>
        {
            Update.Set(MongoFields.Template, tally.Template),
            Update.SetOnInsert(MongoFields.Sample, tally.Sample),
            Update.Min(MongoFields.FirstSeen, UnixTime.ToMicroseconds(tally.FirstSeen)),
            Update.Max(MongoFields.LastSeen, UnixTime.ToMicroseconds(tally.LastSeen)),
            Update.Inc(MongoFields.Count, tally.Count),
        };
        foreach (var level in MongoFields.Levels)
        {
            if (tally.ByLevel[(int)level] > 0)
            {
                updates.Add(Update.Inc(MongoFields.ByLevel + "." + MongoFields.LevelField(level), tally.ByLevel[(int)level]));
            }
        }

        updates.Add(Update.Set(MongoFields.Merged, false));
        updates.Add(Update.Unset(MongoFields.MergedInto));
        return new UpdateOneModel<BsonDocument>(Filter.Eq(MongoFields.Id, id), Update.Combine(updates)) { IsUpsert = true };
    }

    /// <summary>Current (unmerged) patterns; with <see cref="PatternsByCount"/> for the list.</summary>
    public static FilterDefinition<BsonDocument> CurrentPatterns { get; } = Filter.Eq(MongoFields.Merged, false);

    /// <summary>Most frequent first; the id breaks ties.</summary>
    public static SortDefinition<BsonDocument> PatternsByCount { get; } =
        Builders<BsonDocument>.Sort.Descending(MongoFields.Count).Ascending(MongoFields.Id);

    public static FilterDefinition<BsonDocument> PatternById(string id) => Filter.Eq(MongoFields.Id, id);

    public static FilterDefinition<BsonDocument> PatternsById(IEnumerable<string> ids) => Filter.In(MongoFields.Id, ids);

    /// <summary>The current pattern <paramref name="id"/>, the source of a merge.</summary>
    public static FilterDefinition<BsonDocument> CurrentPattern(string id) =>
        Filter.And(Filter.Eq(MongoFields.Id, id), Filter.Eq(MongoFields.Merged, false));

    /// <summary>The patterns merged into <paramref name="id"/>.</summary>
    public static FilterDefinition<BsonDocument> MergedInto(string id) => Filter.Eq(MongoFields.MergedInto, id);

    /// <summary>
    /// The target of a merge takes over the source's counts and time span (and, when new, its sample, and its template
    /// unless <paramref name="toTemplate"/> gives the target's own).
    /// </summary>
    public static UpdateOneModel<BsonDocument> MergeInto(string toId, BsonDocument from, string? toTemplate = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        var updates = new List<UpdateDefinition<BsonDocument>>
        {
            Update.SetOnInsert(MongoFields.Template, toTemplate is null ? from[MongoFields.Template] : new BsonString(toTemplate)),
            Update.SetOnInsert(MongoFields.Sample, from.GetValue(MongoFields.Sample, BsonNull.Value)),
            Update.SetOnInsert(MongoFields.Merged, false),
            Update.Min(MongoFields.FirstSeen, from[MongoFields.FirstSeen]),
            Update.Max(MongoFields.LastSeen, from[MongoFields.LastSeen]),
            Update.Inc(MongoFields.Count, from.GetValue(MongoFields.Count, 0L).ToInt64()),
        };
        var byLevel = from.GetValue(MongoFields.ByLevel, new BsonDocument()).AsBsonDocument;
        foreach (var level in MongoFields.Levels)
        {
            var field = MongoFields.LevelField(level);
            if (byLevel.TryGetValue(field, out var count) && count.ToInt64() > 0)
            {
                updates.Add(Update.Inc(MongoFields.ByLevel + "." + field, count.ToInt64()));
            }
        }

        return new UpdateOneModel<BsonDocument>(Filter.Eq(MongoFields.Id, toId), Update.Combine(updates)) { IsUpsert = true };
    }

    /// <summary>
    /// The source of a merge and the patterns merged into it now point at the target, so every id resolves in one step,
    /// and keep no counts (the target has them): should the id come back, it counts only what arrives then.
    /// </summary>
    public static UpdateManyModel<BsonDocument> RepointMerged(string fromId, string toId) => new(
        Filter.And(
            Filter.Or(Filter.Eq(MongoFields.Id, fromId), Filter.Eq(MongoFields.MergedInto, fromId)),
            Filter.Ne(MongoFields.Id, toId)),
        Update.Combine(
            Update.Set(MongoFields.Merged, true),
            Update.Set(MongoFields.MergedInto, toId),
            Update.Set(MongoFields.Count, 0L),
            Update.Set(MongoFields.ByLevel, new BsonDocument())));

    /// <summary>Only where a pattern was merged to, if it was.</summary>
    public static ProjectionDefinition<BsonDocument> PatternMergeTarget { get; } = Builders<BsonDocument>.Projection.Include(MongoFields.MergedInto);

    /// <summary>Only the fields needed to resolve entries' patterns across merges and name them.</summary>
    public static ProjectionDefinition<BsonDocument> PatternResolution { get; } =
        Builders<BsonDocument>.Projection.Include(MongoFields.Template).Include(MongoFields.MergedInto);

    /// <summary><see cref="PatternResolution"/>, and what a list of counted patterns shows of each.</summary>
    public static ProjectionDefinition<BsonDocument> PatternSummary { get; } =
        Builders<BsonDocument>.Projection.Include(MongoFields.Template).Include(MongoFields.MergedInto).Include(MongoFields.FirstSeen).Include(MongoFields.Sample);

    private static string Trim(string word)
    {
        var start = 0;
        var end = word.Length;
        while (start < end && !char.IsLetterOrDigit(word[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(word[end - 1]))
        {
            end--;
        }

        return word[start..end];
    }

    private static void AddEquals(List<FilterDefinition<BsonDocument>> filters, string field, string? value)
    {
        if (value is not null)
        {
            filters.Add(Filter.Eq(field, value));
        }
    }
}
