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

    [Fact]
    public async Task PostLogs_ProcessKilledMidStream_EveryAcknowledgedLogIsStoredAfterRestart()
    {
        using var folder = new TempDirectory();
        var database = folder.File("crash.db");
        var acknowledged = new ConcurrentBag<string>();

        await using (var child = await SampleProcess.StartAsync(database))
        {
            using var client = new HttpClient { BaseAddress = child.Address };
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    // Writers alternate single logs and batches of ten; each message is unique.
                    var messages = Enumerable.Range(0, n % 2 == 0 ? 1 : 10).Select(i => $"crash w{w} n{n} i{i}").ToArray();
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

            await Eventually.True(() => acknowledged.Count >= 3000, "3,000 logs were acknowledged", timeoutSeconds: 120);
            child.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.NotEmpty(acknowledged);

        // The restarted host opens the crashed database (recovering its write-ahead log) and serves it.
        await using (var restarted = await SampleProcess.StartAsync(database))
        {
            using var client = new HttpClient { BaseAddress = restarted.Address };
            var stats = await client.GetFromJsonAsync<JsonElement>("/api/logs/stats", Ct);
            Assert.True(stats.GetProperty("stats").GetProperty("total").GetInt64() >= acknowledged.Count);
        }

        using var store = new SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = database } }));
        await store.InitializeAsync(Ct);
        var stored = (await store.QueryAsync(new LogQuery { Limit = 1_000_000 }, Ct)).Entries.Select(e => e.Message).ToHashSet();
        var lost = acknowledged.Where(m => !stored.Contains(m)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged logs were lost, e.g. {string.Join(", ", lost.Take(5))}.");
    }

    private static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
