using System.Text;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace LogAnalyzer.Storage.Mongo;

/// <summary>
/// The scale-out store: entries, patterns and rollups in one MongoDB database that a fleet of instances shares.
/// Entry ids come from a counter that each batch advances once by its size; the batch is then one unordered
/// insert. On a replica set or sharded cluster each batch (entries, pattern counts and minute rollups) commits in
/// one transaction; a standalone server has none, so a failed batch is deleted again instead.
/// </summary>
internal sealed partial class MongoLogStore : ILogStore, IPatternStore, IDisposable
{
    private static readonly InsertManyOptions Unordered = new() { IsOrdered = false };
    private static readonly BulkWriteOptions UnorderedBulk = new() { IsOrdered = false };
    private static readonly TransactionOptions BatchTransaction = new(writeConcern: WriteConcern.WMajority);

    private readonly MongoClient? _ownedClient;
    private readonly TimeSpan? _retention;
    private readonly IMongoCollection<BsonDocument> _logs;
    private readonly IMongoCollection<BsonDocument> _patterns;
    private readonly IMongoCollection<BsonDocument> _minutes;
    private readonly IMongoCollection<BsonDocument> _counters;
    private bool _transactions;

    public MongoLogStore(IOptions<LogAnalyzerOptions> options)
        : this(CreateClient(options), options.Value.MongoDb.Database, options.Value.Retention.Enabled ? options.Value.Retention.Entries : null, ownsClient: true)
    {
    }

    /// <param name="client">The driver's client.</param>
    /// <param name="database">The database holding LogAnalyzer's collections.</param>
    /// <param name="retention">How long entries and their minute rollups are kept (TTL indexes); <see langword="null"/> keeps them.</param>
    /// <param name="ownsClient">Whether disposing the store disposes <paramref name="client"/>.</param>
    internal MongoLogStore(MongoClient client, string database, TimeSpan? retention, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        _ownedClient = ownsClient ? client : null;
        Client = client;
        Database = client.GetDatabase(database);
        _retention = retention;
        _logs = Database.GetCollection<BsonDocument>(MongoFields.LogsCollection);
        _patterns = Database.GetCollection<BsonDocument>(MongoFields.PatternsCollection);
        _minutes = Database.GetCollection<BsonDocument>(MongoFields.MinutesCollection);
        _counters = Database.GetCollection<BsonDocument>(MongoFields.CountersCollection);
    }

    public MongoClient Client { get; }

    /// <summary>How long entries are kept (<see cref="RetentionOptions.Entries"/>, unless retention is off); <see langword="null"/>: for ever.</summary>
    internal TimeSpan? Retention => _retention;

    public IMongoDatabase Database { get; }

    private static readonly UTF8Encoding Utf8Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Whether batches commit in transactions (the server is a replica set member or a mongos).</summary>
    internal bool UsesTransactions => _transactions;

    /// <summary>The driver's settings from the options: the pool and timeouts of <see cref="MongoDbStoreOptions"/>.</summary>
    internal static MongoClientSettings Settings(MongoDbStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = MongoClientSettings.FromConnectionString(
            options.ConnectionString ?? throw new InvalidOperationException("LogAnalyzer:MongoDb:ConnectionString is not set."));
        settings.MaxConnectionPoolSize = options.MaxPoolSize;
        settings.MinConnectionPoolSize = options.MinPoolSize;
        settings.ServerSelectionTimeout = options.ServerSelectionTimeout;
        settings.SocketTimeout = options.SocketTimeout;
        settings.ApplicationName ??= "LogAnalyzer";

        // An app's string can hold half of a surrogate pair (text cut by character count); the driver's strict
        // default refuses the whole batch, which would then be retried for ever. Stored as U+FFFD, as SQLite does.
        settings.WriteEncoding = Utf8Lenient;
        settings.ReadEncoding = Utf8Lenient;
        return settings;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var hello = await Database.RunCommandAsync<BsonDocument>(MongoCommands.Hello, cancellationToken: cancellationToken);
        _transactions = MongoCommands.SupportsTransactions(hello);

        await _logs.Indexes.CreateManyAsync(MongoIndexes.Logs(), cancellationToken);
        await _patterns.Indexes.CreateManyAsync(MongoIndexes.Patterns(), cancellationToken);
        await EnsureTtlAsync(_logs, MongoIndexes.LogsTtlName, _retention is { } kept ? MongoIndexes.LogsTtl(kept) : null, cancellationToken);
        await EnsureTtlAsync(_minutes, MongoIndexes.MinutesTtlName, _retention is { } rollups ? MongoIndexes.MinutesTtl(rollups) : null, cancellationToken);
        await InitializeAlertsAsync(cancellationToken);
    }

    public async Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        // Everything that can fail on the entries' content fails here, before anything is written.
        var batch = MongoBatch.Build(entries);
        cancellationToken.ThrowIfCancellationRequested();

        var counter = await _counters.FindOneAndUpdateAsync(
            MongoQueries.LogIdCounter,
            MongoQueries.ReserveIds(entries.Count),
            new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
            cancellationToken);
        var first = counter[MongoFields.Sequence].ToInt64() - entries.Count + 1;
        for (var i = 0; i < batch.Entries.Length; i++)
        {
            batch.Entries[i][MongoFields.Id] = first + i;
        }

        if (_transactions)
        {
            // Majority-acknowledged, so that the snapshot reads of counts (majority-committed data) see the batch at once.
            using var session = await Client.StartSessionAsync(cancellationToken: cancellationToken);
            session.StartTransaction(BatchTransaction);
            await WriteAsync(session, batch, cancellationToken);
            await session.CommitTransactionAsync(cancellationToken);
        }
        else
        {
            try
            {
                await WriteAsync(null, batch, cancellationToken);
            }
            catch
            {
                // Without a transaction, undo what reached the server (the rollups are written after the entries);
                // best effort, so that the write's own failure is what the caller sees.
                try
                {
                    await _logs.DeleteManyAsync(MongoQueries.IdRange(first, first + entries.Count - 1), CancellationToken.None);
                }
                catch (MongoException)
                {
                }

                throw;
            }
        }

        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Id = first + i;
        }
    }

    public async Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = MongoQueries.Entries(query, query.PatternId is { } patternId ? await PatternFamilyAsync(patternId, cancellationToken) : null);
        var logs = Snapshot(_logs);
        var total = await logs.CountDocumentsAsync(filter, cancellationToken: cancellationToken);
        var documents = await logs.Find(filter)
            .Sort(query.OldestFirst ? MongoQueries.OldestFirst : MongoQueries.NewestFirst)
            .Skip((query.Page - 1) * query.Limit)
            .Limit(query.Limit)
            .ToListAsync(cancellationToken);
        return new LogPage(total, await ToEntriesAsync(documents, cancellationToken));
    }

    public async Task<LogEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var document = await _logs.Find(MongoQueries.ById(id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : (await ToEntriesAsync([document], cancellationToken))[0];
    }

    public async Task<LogStats> GetStatsAsync(int recentErrors, CancellationToken cancellationToken)
    {
        // From the per-minute rollups each batch keeps: one document per minute, not one per entry.
        var sums = await (await Snapshot(_minutes).AggregateAsync(MongoQueries.Stats(), cancellationToken: cancellationToken)).FirstOrDefaultAsync(cancellationToken);
        var byLevel = new Dictionary<LogEntryLevel, long>();
        long total = 0;
        long anomalies = 0;
        if (sums is not null)
        {
            foreach (var level in MongoFields.Levels)
            {
                if (sums.GetValue(MongoFields.LevelField(level), 0).ToInt64() is > 0 and var count)
                {
                    byLevel[level] = count;
                    total += count;
                }
            }

            anomalies = sums.GetValue(MongoFields.Anomalies, 0).ToInt64();
        }

        var recent = await _logs.Find(MongoQueries.Errors).Sort(MongoQueries.NewestFirst).Limit(recentErrors).ToListAsync(cancellationToken);
        return new LogStats(total, anomalies, byLevel, await ToEntriesAsync(recent, cancellationToken));
    }

    /// <summary>Pings the server (for the health check); false when it does not answer within <paramref name="timeout"/>.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            // The driver's server selection ends the call within its own timeout; the wait answers sooner.
            await Database.RunCommandAsync<BsonDocument>(MongoCommands.Ping, cancellationToken: cancellationToken).WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _ownedClient?.Dispose();

    /// <summary>
    /// Where batches commit in transactions, reads that count see one snapshot (of majority-committed data, which
    /// batches wait for), so a batch committed while they run is counted whole or not at all: a read that yields
    /// would otherwise see the part after its position.
    /// </summary>
    private IMongoCollection<BsonDocument> Snapshot(IMongoCollection<BsonDocument> collection) =>
        _transactions ? collection.WithReadConcern(ReadConcern.Snapshot) : collection;

    private static MongoClient CreateClient(IOptions<LogAnalyzerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MongoClient(Settings(options.Value.MongoDb));
    }

    /// <summary>Creates, changes or (for no retention) drops a TTL index.</summary>
    private static async Task EnsureTtlAsync(IMongoCollection<BsonDocument> collection, string name, CreateIndexModel<BsonDocument>? index, CancellationToken cancellationToken)
    {
        if (index is null)
        {
            try
            {
                await collection.Indexes.DropOneAsync(name, cancellationToken);
            }
            catch (MongoCommandException e) when (e.CodeName is "IndexNotFound" or "NamespaceNotFound")
            {
                // Nothing to drop: entries were kept for ever already.
            }

            return;
        }

        try
        {
            await collection.Indexes.CreateOneAsync(index, cancellationToken: cancellationToken);
        }
        catch (MongoCommandException e) when (e.CodeName is "IndexOptionsConflict" or "IndexKeySpecsConflict")
        {
            // The retention changed since the index was made: change its expiry in place rather than rebuild it.
            var expireAfter = (long)index.Options.ExpireAfter!.Value.TotalSeconds;
            await collection.Database.RunCommandAsync<BsonDocument>(
                MongoCommands.SetExpiry(collection.CollectionNamespace.CollectionName, name, expireAfter),
                cancellationToken: cancellationToken);
        }
    }

    private async Task WriteAsync(IClientSessionHandle? session, MongoBatch batch, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            await _logs.InsertManyAsync(batch.Entries, Unordered, cancellationToken);
            if (batch.Patterns.Count > 0)
            {
                await _patterns.BulkWriteAsync(batch.Patterns, UnorderedBulk, cancellationToken);
            }

            await _minutes.BulkWriteAsync(batch.Minutes, UnorderedBulk, cancellationToken);
            return;
        }

        await _logs.InsertManyAsync(session, batch.Entries, Unordered, cancellationToken);
        if (batch.Patterns.Count > 0)
        {
            await _patterns.BulkWriteAsync(session, batch.Patterns, UnorderedBulk, cancellationToken);
        }

        await _minutes.BulkWriteAsync(session, batch.Minutes, UnorderedBulk, cancellationToken);
    }

    /// <summary>A pattern id and the ids of the patterns merged into it.</summary>
    private async Task<List<string>> PatternFamilyAsync(string patternId, CancellationToken cancellationToken)
    {
        var merged = await _patterns.Find(MongoQueries.MergedInto(patternId))
            .Project(Builders<BsonDocument>.Projection.Include(MongoFields.Id))
            .ToListAsync(cancellationToken);
        return [patternId, .. merged.Select(m => m[MongoFields.Id].AsString)];
    }

    /// <summary>The entries of documents, each with the id and template of the pattern it now belongs to.</summary>
    private async Task<List<LogEntry>> ToEntriesAsync(List<BsonDocument> documents, CancellationToken cancellationToken)
    {
        var entries = documents.ConvertAll(MongoDocuments.ToEntry);
        var ids = entries.Where(e => e.PatternId is not null).Select(e => e.PatternId!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return entries;
        }

        var patterns = await ResolvePatternsAsync(ids, MongoQueries.PatternResolution, cancellationToken);
        foreach (var entry in entries)
        {
            if (entry.PatternId is { } id && patterns.Knows(id))
            {
                entry.Template = patterns.Template(id);
                entry.PatternId = patterns.Resolve(id);
            }
        }

        return entries;
    }

    /// <summary>Where the patterns of <paramref name="ids"/> went (enough to <see cref="MergedPatterns.Resolve"/> them, not to name them).</summary>
    private async Task<MergedPatterns> MergesOfAsync(IEnumerable<string> ids, CancellationToken cancellationToken) =>
        new(await LoadPatternsAsync(ids, MongoQueries.PatternMergeTarget, cancellationToken));

    /// <summary>The stored patterns of <paramref name="ids"/> and those they were merged into, with <paramref name="fields"/>.</summary>
    private async Task<MergedPatterns> ResolvePatternsAsync(IEnumerable<string> ids, ProjectionDefinition<BsonDocument> fields, CancellationToken cancellationToken)
    {
        var patterns = await LoadPatternsAsync(ids, fields, cancellationToken);
        var targets = patterns.Values
            .Select(p => MongoDocuments.String(p, MongoFields.MergedInto))
            .OfType<string>()
            .Where(t => !patterns.ContainsKey(t))
            .ToList();
        foreach (var (id, pattern) in targets.Count == 0 ? [] : await LoadPatternsAsync(targets, fields, cancellationToken))
        {
            patterns[id] = pattern;
        }

        return new MergedPatterns(patterns);
    }

    private async Task<Dictionary<string, BsonDocument>> LoadPatternsAsync(IEnumerable<string> ids, ProjectionDefinition<BsonDocument> fields, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = await _patterns.Find(MongoQueries.PatternsById(distinct)).Project(fields).ToListAsync(cancellationToken);
        return found.ToDictionary(p => p[MongoFields.Id].AsString, StringComparer.Ordinal);
    }
}
