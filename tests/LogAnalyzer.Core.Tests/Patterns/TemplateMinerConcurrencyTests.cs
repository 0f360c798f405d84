using LogAnalyzer.Patterns;

namespace LogAnalyzer.Tests.Patterns;

public sealed class TemplateMinerConcurrencyTests
{
    private const int Threads = 8;

    [Fact]
    public async Task Mine_ManyThreads_GiveConsistentIds()
    {
        var miner = new TemplateMiner(new PatternOptions());
        var messages = Messages();
        using var start = new Barrier(Threads);

        var results = await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            var ids = new string[messages.Length];
            for (var n = 0; n < messages.Length; n++)
            {
                // Every thread walks the messages from another starting point: the same and different messages meet.
                var i = (n + (thread * messages.Length / Threads)) % messages.Length;
                ids[i] = miner.Mine(messages[i]).PatternId;
            }

            return ids;
        })));

        var live = miner.Snapshot().ToDictionary(p => p.Id, p => p.Template);
        for (var i = 0; i < messages.Length; i++)
        {
            var now = miner.Mine(messages[i]);
            foreach (var ids in results)
            {
                Assert.Equal(now.PatternId, miner.Resolve(ids[i]));
            }

            Assert.Equal(now.Template, live[now.PatternId]);
        }

        Assert.Equal(messages.Length * (Threads + 1), miner.Snapshot().Sum(p => p.Count));
        Assert.Contains("Failed password for <*> from <*> port <*> ssh2", live.Values);
    }

    private static string[] Messages()
    {
        string[] users = ["root", "admin", "oracle", "test", "guest", "webmaster", "ubuntu", "pi"];
        var messages = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            messages.Add($"Failed password for {users[i % users.Length]} from 10.0.{i % 7}.{i % 251} port {1000 + i} ssh2");
            messages.Add($"Received block blk_{i} of size {i * 64} from /10.1.{i % 13}.{i % 200}");
            messages.Add($"service-{i % 5} started in {i}ms");
            messages.Add($"cache {(i % 2 == 0 ? "hit" : "miss")} for key k{i}");
        }

        return [.. messages];
    }
}
