using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>The pattern side of the MongoDB store (<see cref="IPatternStore"/>).</summary>
internal sealed partial class MongoLogStore
{
    public async Task RecordMergesAsync(IReadOnlyList<PatternMerge> merges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(merges);
        foreach (var merge in merges)
        {
            if (merge.FromId == merge.ToId)
            {
                continue;
            }

            // The new pattern takes over the old one's counts and time span; ids merged into the old one follow it,
            // so every id resolves in one step. In a transaction where the deployment has them.
            using var session = _transactions ? await Client.StartSessionAsync(cancellationToken: cancellationToken) : null;
            session?.StartTransaction();
            var from = session is null
                ? await _patterns.Find(MongoQueries.CurrentPattern(merge.FromId)).FirstOrDefaultAsync(cancellationToken)
                : await _patterns.Find(session, MongoQueries.CurrentPattern(merge.FromId)).FirstOrDefaultAsync(cancellationToken);
            var writes = new List<WriteModel<BsonDocument>>();
            if (from is not null)
            {
                writes.Add(MongoQueries.MergeInto(merge.ToId, from, merge.ToTemplate));
            }

            writes.Add(MongoQueries.RepointMerged(merge.FromId, merge.ToId));
            var ordered = new BulkWriteOptions { IsOrdered = true };
            if (session is null)
            {
                await _patterns.BulkWriteAsync(writes, ordered, cancellationToken);
            }
            else
            {
                await _patterns.BulkWriteAsync(session, writes, ordered, cancellationToken);
                await session.CommitTransactionAsync(cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<PatternSummary>> ListPatternsAsync(int limit, CancellationToken cancellationToken)
    {
        var documents = await _patterns.Find(MongoQueries.CurrentPatterns).Sort(MongoQueries.PatternsByCount).Limit(limit).ToListAsync(cancellationToken);
        return documents.ConvertAll(MongoDocuments.ToPattern);
    }

    public async Task<PatternSummary?> GetPatternAsync(string id, CancellationToken cancellationToken)
    {
        var document = await _patterns.Find(MongoQueries.PatternById(id)).FirstOrDefaultAsync(cancellationToken);
        if (document is not null && MongoDocuments.String(document, MongoFields.MergedInto) is { } target)
        {
            document = await _patterns.Find(MongoQueries.PatternById(target)).FirstOrDefaultAsync(cancellationToken);
        }

        return document is null ? null : MongoDocuments.ToPattern(document);
    }
}
