using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Crash;

public sealed class CrashSafetyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Rounds = 20;

    [Fact]
    public async Task PostLogs_ProcessKilledMidStreamTwentyTimes_EveryAcknowledgedLogSurvivesAndTheDatabaseIsIntact()
    {
        using var folder = new TempDirectory();
        var database = folder.File("crash.db");
        var acknowledged = new ConcurrentBag<string>();

        for (var round = 0; round < Rounds; round++)
        {
            // Each round restarts on the database the previous kill left behind (recovering its write-ahead log).
            await using (var child = await SampleProcess.StartAsync(database))
            {
                var target = acknowledged.Count + 300;
                await IngestUntilKilledAsync(child, round, acknowledged, target);
            }

            var (integrity, fts, lost) = await CheckAsync(database, acknowledged);
            Assert.True(integrity == "ok", $"Round {round}: integrity_check says {integrity}.");
            Assert.True(fts, $"Round {round}: the full-text index does not match the table.");
            Assert.True(lost.Count == 0, $"Round {round}: {lost.Count} of {acknowledged.Count} acknowledged logs were lost, e.g. {string.Join(", ", lost.Take(5))}.");
        }

        // The last crashed database still opens and serves in the host.
        await using var restarted = await SampleProcess.StartAsync(database);
        using var client = new HttpClient { BaseAddress = restarted.Address };
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/logs/stats", Ct);
        Assert.True(stats.GetProperty("stats").GetProperty("total").GetInt64() >= acknowledged.Count);
    }

    /// <summary>Four writers post singles and batches of ten until <paramref name="target"/> logs are acknowledged; then SIGKILL, mid-stream.</summary>
    private static async Task IngestUntilKilledAsync(SampleProcess child, int round, ConcurrentBag<string> acknowledged, int target)
    {
        using var client = new HttpClient { BaseAddress = child.Address };
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                // Each message is unique across rounds.
                var messages = Enumerable.Range(0, n % 2 == 0 ? 1 : 10).Select(i => $"crash r{round} w{w} n{n} i{i}").ToArray();
                try
                {
                    var response = messages.Length == 1
                        ? await client.PostAsync("/api/logs", Json(new { level = "INFO", message = messages[0] }), CancellationToken.None)
                        : await client.PostAsync("/api/logs/batch", Json(new { logs = messages.Select(m => new { level = "WARN", message = m }) }), CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        foreach (var message in messages)
                        {
                            acknowledged.Add(message);
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    return; // The process is gone.
                }
            }
        })).ToArray();

        await Eventually.True(() => acknowledged.Count >= target, $"{target} logs were acknowledged", timeoutSeconds: 120);
        child.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
    }

    private static async Task<(string Integrity, bool FtsMatches, List<string> Lost)> CheckAsync(string database, ConcurrentBag<string> acknowledged)
    {
        using (var store = new SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = database } })))
        {
            await store.InitializeAsync(Ct);
            var stored = (await store.QueryAsync(new LogQuery { Limit = 1_000_000 }, Ct)).Entries.Select(e => e.Message).ToHashSet();
            var lost = acknowledged.Where(m => !stored.Contains(m)).ToList();

            var (integrity, fts) = SqliteIntegrity.Check(database);
            return (integrity, fts, lost);
        }
    }

    private static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
