using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Engine;

public sealed class LogAnalyzerEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_AfterRestart_KeepsPatternIdsAndCounts()
    {
        using var folder = new TempDirectory();
        var options = new LogAnalyzerOptions { Sqlite = { Path = folder.File("logs.db") } };
        string firstId;
        await using (var engine = await LogAnalyzerEngine.StartAsync(options, cancellationToken: Ct))
        {
            var first = Enumerable.Range(0, 5).Select(i => Entries.Info($"Order ORD-{1000 + i} shipped to warehouse {i}")).ToList();
            Assert.Equal(EnqueueResult.Committed, await engine.Pipeline.EnqueueAsync(first, Ct));
            firstId = first[^1].PatternId!;
        }

        await using (var restarted = await LogAnalyzerEngine.StartAsync(options, cancellationToken: Ct))
        {
            var again = Entries.Info("Order ORD-2000 shipped to warehouse 9");
            Assert.Equal(EnqueueResult.Committed, await restarted.Pipeline.EnqueueAsync([again], Ct));

            Assert.Equal(firstId, again.PatternId);
            var pattern = await ((IPatternStore)restarted.Store).GetPatternAsync(firstId, Ct);
            Assert.NotNull(pattern);
            Assert.Equal(6, pattern.Count);
            Assert.Equal(again.Template, pattern.Template);
        }
    }
}
