using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LogAnalyzer.Tests.Security;

/// <summary>Issue 9, item 3: thousands of generated bad requests against a live host that requires an API key.</summary>
public sealed class HostileInputTests
{
    /// <summary>The key the generated requests carry, unless they test hostile keys.</summary>
    internal const string ApiKey = "hostile-input-test-key-0123456789";

    private const int RequestCount = 10_800;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_TenThousandGeneratedBadRequests_AnswersEachWithAProblemStoresOnlyWhatItAcknowledgedAndStillServes()
    {
        // The limiter would answer most of them 429 (a ProblemDetails too) and hide what the handlers do.
        await using var host = await ApiHost.StartAsync(o => (o.Security.RateLimit.Enabled, o.Security.ApiKey) = (false, ApiKey));
        var requests = HostileRequests.Generate(RequestCount, seed: 9);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<(string Category, int Status), int>();
        long acknowledged = 0;

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (hostile, ct) =>
        {
            using var request = new HttpRequestMessage(hostile.Method, hostile.Path);
            foreach (var key in hostile.ApiKeys ?? [ApiKey])
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", key);
            }

            if (hostile.Body is not null)
            {
                request.Content = new ByteArrayContent(hostile.Body);
                request.Content.Headers.ContentType = hostile.ContentType is null ? null : MediaTypeHeaderValue.Parse(hostile.ContentType);
            }

            using var response = await host.Client.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate((hostile.Category, status), 1, (_, n) => n + 1);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (status >= 500)
            {
                failures.Enqueue($"{status} {hostile.Category} {hostile.Method} {Shorten(hostile.Path)}: {Shorten(text)}");
            }
            else if (status >= 400 && !IsProblem(response, text, status))
            {
                failures.Enqueue($"{status} without ProblemDetails {hostile.Category} {hostile.Method} {Shorten(hostile.Path)}: {Shorten(text)}");
            }
            else if (status == 202)
            {
                var ids = JsonDocument.Parse(text).RootElement.GetProperty("ids").GetArrayLength();
                if (ids != hostile.Entries)
                {
                    failures.Enqueue($"202 for {ids} entries of {hostile.Entries} ({hostile.Category})");
                }

                Interlocked.Add(ref acknowledged, ids);
            }
        });

        var summary = string.Join(Environment.NewLine, statuses.OrderBy(p => p.Key).Select(p => $"{p.Key.Category} {p.Key.Status}: {p.Value}"));
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers, such as:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}{Environment.NewLine}{summary}");
        Assert.Equal(RequestCount, statuses.Values.Sum());
        // Every generated kind of bad input was refused at least once with a 4xx.
        Assert.All(statuses.Keys.Select(k => k.Category).Distinct().Where(c => c != "valid"), c => Assert.Contains(statuses, p => p.Key.Category == c && p.Key.Status is >= 400 and < 500));
        Assert.Equal(acknowledged, (await host.Store.GetStatsAsync(0, Ct)).Total);

        host.Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var stored = await host.Client.PostAsync("/api/logs", JsonContent.Create(new { level = "ERROR", message = "Still serving" }), Ct);
        var health = await host.Client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(acknowledged + 1, await ReadEveryEntryAsync(host));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/logs/stats", Ct)).StatusCode);
    }

    /// <summary>
    /// Reads every stored entry back, page by page and one by one: what the API accepted must not break the reads
    /// that write it out. Returns how many there were.
    /// </summary>
    private static async Task<long> ReadEveryEntryAsync(ApiHost host)
    {
        var ids = new List<long>();
        for (var page = 1; ; page++)
        {
            var listed = await host.Client.GetFromJsonAsync<JsonElement>($"/api/logs?limit=500&page={page}", Ct);
            var logs = listed.GetProperty("logs");
            ids.AddRange(logs.EnumerateArray().Select(l => l.GetProperty("id").GetInt64()));
            if (logs.GetArrayLength() < 500)
            {
                Assert.Equal(listed.GetProperty("total").GetInt64(), ids.Count);
                break;
            }
        }

        foreach (var id in ids)
        {
            var one = await host.Client.GetAsync($"/api/logs/{id}", Ct);
            Assert.True(one.StatusCode == HttpStatusCode.OK, $"GET /api/logs/{id}: {(int)one.StatusCode}");
        }

        return ids.Count;
    }

    private static bool IsProblem(HttpResponseMessage response, string text, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        try
        {
            var body = JsonDocument.Parse(text).RootElement;
            return body.TryGetProperty("status", out var s) && s.GetInt32() == status && body.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
