using LogAnalyzer.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Patterns;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Analysis;

/// <summary>
/// The patterns a store lists stay consistent with its entries across generalisations, restarts and evictions: every
/// entry counted once, under the pattern it belongs to, with that pattern's own template.
/// </summary>
public sealed class PatternConsistencyTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();
    private readonly SqliteLogStore _store;

    public PatternConsistencyTests()
    {
        _store = new SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("logs.db") } }));
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    /// <summary>What the pipeline's writer does with one analysed batch: merges first, then the entries.</summary>
    private async Task WriteAsync(EntryAnalyzer analyzer, List<LogEntry> batch)
    {
        var merges = new List<PatternMerge>();
        analyzer.Analyze(batch, 0, merges);
        if (merges.Count > 0)
        {
            await _store.RecordMergesAsync(merges, Ct);
        }

        await _store.AppendAsync(batch, Ct);
    }

    /// <summary>The store holds <paramref name="entries"/> entries, and its patterns count each of them once.</summary>
    private async Task AssertEachEntryCountedOnceAsync(int entries)
    {
        var total = (await _store.QueryAsync(new LogQuery(), Ct)).Total;
        var patterns = await _store.ListPatternsAsync(100, Ct);
        Assert.Equal(entries, total);
        Assert.True(total == patterns.Sum(p => p.Count), string.Join("\n", patterns.Select(p => $"{p.Id} {p.Template} {p.Count}")));
    }

    private static EntryAnalyzer NewAnalyzer(TemplateMiner miner) =>
        new(miner, new AnomalyScorer(new AnomalyOptions(), new FakeTimeProvider(Start)));

    private static LogEntry Free(string message, LogEntryLevel level = LogEntryLevel.Information, int second = 0) =>
        new() { Timestamp = Start.AddSeconds(second), Level = level, Message = message };

    private static LogEntry Structured(string template, string message, LogEntryLevel level = LogEntryLevel.Information, int second = 0) =>
        new() { Timestamp = Start.AddSeconds(second), Level = level, Message = message, MessageTemplate = template };

    [Fact]
    public async Task Analyze_GeneralisationTriggeredByAnExceptionEntry_StoresTheGeneralisedPatternUnderItsOwnTemplate()
    {
        var miner = new TemplateMiner(new PatternOptions());
        var analyzer = NewAnalyzer(miner);
        var failed = Free("Invalid user oracle from 10.0.0.1", LogEntryLevel.Error);
        failed.Exception = "System.Security.SecurityException: denied\n   at Shop.Auth.Login()";
        var batch = new List<LogEntry>
        {
            Free("Invalid user webmaster from 10.0.0.1"),
            Free("Invalid user admin from 10.0.0.1"),
            Free("Invalid user test from 10.0.0.1"),
            failed,
        };

        await WriteAsync(analyzer, batch);

        var generalised = PatternId.For("Invalid user <*> from <*>");
        var pattern = await _store.GetPatternAsync(generalised, Ct);
        Assert.NotNull(pattern);
        Assert.Equal("Invalid user <*> from <*>", pattern.Template);
        Assert.All(batch.Take(3), e => Assert.Equal("Invalid user <*> from <*>", e.Template));
    }

    [Fact]
    public async Task RecordMergesAsync_MergedIdReusedByAStructuredTemplate_CountsTheOldEntriesOnce()
    {
        var miner = new TemplateMiner(new PatternOptions());
        var analyzer = NewAnalyzer(miner);
        // The structured template has the same wildcard form as the miner's first pattern.
        await WriteAsync(analyzer, [
            Free("Invalid user webmaster from 10.0.0.1"),
            Structured("Invalid user webmaster from {Ip}", "Invalid user webmaster from 10.0.0.2"),
        ]);
        await WriteAsync(analyzer, [
            Free("Invalid user admin from 10.0.0.1"),
            Free("Invalid user test from 10.0.0.1"),
            Free("Invalid user oracle from 10.0.0.1"),
        ]);
        await WriteAsync(analyzer, [Structured("Invalid user webmaster from {Ip}", "Invalid user webmaster from 10.0.0.3")]);

        await AssertEachEntryCountedOnceAsync(6);
    }

    [Fact]
    public async Task RecordMergesAsync_EvictedGeneralPatternsMemberComesBack_CountsTheOldEntriesOnce()
    {
        var miner = new TemplateMiner(new PatternOptions { MaxPatterns = 4 });
        var analyzer = NewAnalyzer(miner);
        await WriteAsync(analyzer, [Free("Invalid user webmaster from 10.0.0.1")]);
        await WriteAsync(analyzer, [
            Free("Invalid user admin from 10.0.0.1"),
            Free("Invalid user test from 10.0.0.1"),
            Free("Invalid user oracle from 10.0.0.1"),
        ]);
        // Four other patterns push the generalised one out of the miner.
        await WriteAsync(analyzer, [Free("Cache warmed in shard alpha"), Free("Disk almost full on volume beta"), Free("Queue drained by worker gamma"), Free("Token refreshed for client delta")]);
        await WriteAsync(analyzer, [Free("Invalid user webmaster from 10.0.0.1")]);

        await AssertEachEntryCountedOnceAsync(9);
    }

    [Fact]
    public async Task RestoreAsync_StructuredTemplatesGeneralisedAfterARestart_CountsEachEntryOnce()
    {
        var before = NewAnalyzer(new TemplateMiner(new PatternOptions()));
        await WriteAsync(before, [
            Structured("Order {OrderId} shipped", "Order 1 shipped"),
            Structured("Order {OrderId} cancelled", "Order 2 cancelled"),
            Structured("Order {OrderId} refunded", "Order 3 refunded"),
        ]);

        // Restart: the miner is restored from the store, as the engine and the hosted service do.
        var miner = new TemplateMiner(new PatternOptions());
        await PatternRestorer.RestoreAsync(miner, _store, 10_000, Ct);
        var after = NewAnalyzer(miner);
        await WriteAsync(after, [Free("Order 4 delivered")]);
        await WriteAsync(after, [Structured("Order {OrderId} shipped", "Order 5 shipped")]);

        await AssertEachEntryCountedOnceAsync(5);
    }

    [Fact]
    public async Task RestoreAsync_GeneralisationTriggeredByAnExceptionEntry_KeepsTheGeneralisedPattern()
    {
        var analyzer = NewAnalyzer(new TemplateMiner(new PatternOptions()));
        var failed = Free("Invalid user oracle from 10.0.0.1", LogEntryLevel.Error);
        failed.Exception = "System.Security.SecurityException: denied\n   at Shop.Auth.Login()";
        await WriteAsync(analyzer, [
            Free("Invalid user webmaster from 10.0.0.1"),
            Free("Invalid user admin from 10.0.0.1"),
            Free("Invalid user test from 10.0.0.1"),
            failed,
        ]);

        var miner = new TemplateMiner(new PatternOptions());
        await PatternRestorer.RestoreAsync(miner, _store, 10_000, Ct);
        var guest = Free("Invalid user guest from 10.0.0.1");
        await WriteAsync(NewAnalyzer(miner), [guest]);

        Assert.Equal(PatternId.For("Invalid user <*> from <*>"), guest.PatternId);
    }

    [Fact]
    public async Task Mine_GeneralisationAtTheBoundOfPatterns_MergesEveryMemberInsteadOfEvictingOne()
    {
        var miner = new TemplateMiner(new PatternOptions { MaxPatterns = 3 });
        var analyzer = NewAnalyzer(miner);
        await WriteAsync(analyzer, [Free("Invalid user webmaster from 10.0.0.1")]);
        await WriteAsync(analyzer, [Free("Invalid user admin from 10.0.0.1")]);
        await WriteAsync(analyzer, [Free("Invalid user test from 10.0.0.1")]);
        // The generalisation is the fourth live pattern: adding it evicts the least recently used, one of its members.
        await WriteAsync(analyzer, [Free("Invalid user oracle from 10.0.0.1")]);

        var generalised = PatternId.For("Invalid user <*> from <*>");
        var webmaster = await _store.GetPatternAsync(PatternId.For("Invalid user webmaster from <*>"), Ct);
        var patterns = await _store.ListPatternsAsync(100, Ct);
        var byPattern = await _store.QueryAsync(new LogQuery { PatternId = generalised }, Ct);
        Assert.Equal(generalised, webmaster!.Id);
        Assert.Equal(4, byPattern.Total);
        Assert.Single(patterns);
    }

    [Fact]
    public async Task RecordMergesAsync_GeneralisationOfStoredPatternsByAnExceptionEntry_StoresTheGeneralisedTemplate()
    {
        var analyzer = NewAnalyzer(new TemplateMiner(new PatternOptions()));
        await WriteAsync(analyzer, [
            Free("Invalid user webmaster from 10.0.0.1"),
            Free("Invalid user admin from 10.0.0.1"),
            Free("Invalid user test from 10.0.0.1"),
        ]);
        var failed = Free("Invalid user oracle from 10.0.0.1", LogEntryLevel.Error);
        failed.Exception = "System.Security.SecurityException: denied\n   at Shop.Auth.Login()";
        await WriteAsync(analyzer, [failed]);

        var pattern = await _store.GetPatternAsync(PatternId.For("Invalid user <*> from <*>"), Ct);
        Assert.Equal("Invalid user <*> from <*>", pattern!.Template);
    }
}
