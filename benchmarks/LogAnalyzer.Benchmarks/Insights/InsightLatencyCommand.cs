using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Ai;
using LogAnalyzer.Ai.Analysis;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Samples.WebApi.Demo;
using LogAnalyzer.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Benchmarks.Insights;

/// <summary>
/// <c>insights [entries]</c>: seeds a SQLite store with the sample's demo traffic (1,000,000 entries by default, a day
/// and more of simulated time, through the real pipeline: redaction, patterns, scores), starts a real Kestrel host on
/// it (with the built-in analyses the worker would have written), and times every insight endpoint over HTTP on loopback (no language model): 100 requests each after 30 warm-ups (so that they run code tiered compilation has already optimised),
/// p50, p95 and the slowest. <c>insights [entries] [path]</c> keeps the seeded file at <c>path</c> and, when it exists,
/// measures it again without seeding.
/// </summary>
public static class InsightLatencyCommand
{
    private const int Warmups = 30;
    private const int Requests = 100;

    public static int Run(string[] args)
    {
        var entries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        using var folder = new TempDirectory();
        var path = args.Length > 1 ? Path.GetFullPath(args[1]) : folder.File("insights.db");
        if (File.Exists(path))
        {
            return MeasureAsync(path, LastEntry(path)).GetAwaiter().GetResult();
        }

        var seeding = Stopwatch.StartNew();
        var end = Seed(path, entries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"insights: seeded {entries:N0} entries of demo traffic in {seeding.Elapsed.TotalSeconds:N0} s, ending {end:u}; database {new FileInfo(path).Length / 1048576.0:N0} MB"));
        return MeasureAsync(path, end).GetAwaiter().GetResult();
    }

    private static DateTimeOffset LastEntry(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(ts) FROM logs;";
        return DateTimeOffset.UnixEpoch.AddTicks((long)command.ExecuteScalar()! * 10).AddSeconds(1);
    }

    private static DateTimeOffset Seed(string path, int entries)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        var options = new LogAnalyzerOptions { Sqlite = { Path = path } };
        using var ingestion = new Benchmarks.Pipeline.AnalysedPipeline(options, time);
        var (store, pipeline) = (ingestion.Store, ingestion.Pipeline);
        var counted = new CountingPipeline(pipeline, entries);
        var traffic = new DemoTrafficGenerator(counted, Options.Create(new DemoTrafficOptions { UsersPerMinute = 100, Seed = 7 }), time);
        var second = 0;
        while (!counted.Full)
        {
            traffic.Tick(time.GetUtcNow());
            if (++second % 60 == 0)
            {
                pipeline.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        ingestion.Complete();

        // What the analysis worker of a running host has done by then (no model: built-in analyses).
        var worker = new PatternAnalyzer(store, LanguageModel.None(options.Ai), time, NullLogger<PatternAnalyzer>.Instance);
        while (worker.RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult().Candidates > 0)
        {
        }

        return time.GetUtcNow();
    }

    private static async Task<int> MeasureAsync(string path, DateTimeOffset end)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(end));
        builder.Services.AddLogAnalyzer(o => (o.Sqlite.Path, o.Ai.ApiKey) = (path, null));
        await using var app = builder.Build();
        app.MapLogAnalyzerEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        // Sessions and users that had errors in the last hours: the timelines people open.
        var errors = await client.GetFromJsonAsync<JsonElement>("/api/logs?level=Error&limit=500");
        var logs = errors.GetProperty("logs").EnumerateArray().ToList();
        var sessions = logs.Select(l => l.TryGetProperty("sessionId", out var s) ? s.GetString() : null).OfType<string>().Distinct().ToList();
        var users = logs.Select(l => l.TryGetProperty("userId", out var u) ? u.GetString() : null).OfType<string>().Distinct().ToList();
        string? conversation = null;
        var queries = new (string Name, Func<int, HttpRequestMessage> Request)[]
        {
            ("GET /api/timeline/session/{id}", i => new(HttpMethod.Get, $"/api/timeline/session/{sessions[i % sessions.Count]}")),
            ("GET /api/timeline/user/{id}", i => new(HttpMethod.Get, $"/api/timeline/user/{users[i % users.Count]}")),
            ("GET /api/timeline/blast-radius/PAYMENT_GATEWAY_TIMEOUT?hours=1", _ => new(HttpMethod.Get, "/api/timeline/blast-radius/PAYMENT_GATEWAY_TIMEOUT?hours=1")),
            ("GET /api/timeline/blast-radius/PAYMENT_GATEWAY_TIMEOUT?hours=24", _ => new(HttpMethod.Get, "/api/timeline/blast-radius/PAYMENT_GATEWAY_TIMEOUT?hours=24")),
            ("GET /api/ai/trending?hours=1", _ => new(HttpMethod.Get, "/api/ai/trending?hours=1&limit=10")),
            ("GET /api/ai/trending?hours=24", _ => new(HttpMethod.Get, "/api/ai/trending?hours=24&limit=10")),
            ("GET /api/logs/stats?hours=24", _ => new(HttpMethod.Get, "/api/logs/stats?hours=24")),
            ("POST /api/ai/search \"Why are payments failing?\" (24 h)", _ => Post("/api/ai/search", new { query = "Why are payments failing?", timeRange = 24 })),
            ("POST /api/ai/search \"errors in the last hour\"", _ => Post("/api/ai/search", new { query = "errors in the last hour" })),
            ("POST /api/ai/search \"login failures in Berlin today\"", _ => Post("/api/ai/search", new { query = "login failures in Berlin today" })),
            ("POST /api/ai/search \"slow responses\" (full text, 24 h)", _ => Post("/api/ai/search", new { query = "anything about slow responses?" })),
            ("POST /api/ai/chat (a turn with history)", _ => Post("/api/ai/chat", new { conversationId = conversation, message = "Why are payments failing?" })),
        };

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine("| endpoint (no language model) | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        var slowest = 0.0;
        var matches = new List<string>();
        foreach (var (name, request) in queries)
        {
            var times = new List<double>(Requests);
            for (var i = 0; i < Warmups + Requests; i++)
            {
                using var message = request(i);
                var watch = Stopwatch.StartNew();
                using var response = await client.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{name}: {(int)response.StatusCode} {body}");
                    return 1;
                }

                if (i == Warmups + Requests - 1 && name.StartsWith("POST /api/ai/search", StringComparison.Ordinal))
                {
                    matches.Add(string.Create(CultureInfo.InvariantCulture, $"{name[(name.IndexOf('"', StringComparison.Ordinal))..]}: {JsonDocument.Parse(body).RootElement.GetProperty("evidence").GetProperty("matches").GetInt64():N0}"));
                }

                if (name.StartsWith("POST /api/ai/chat", StringComparison.Ordinal))
                {
                    conversation ??= JsonDocument.Parse(body).RootElement.GetProperty("conversationId").GetString();
                }

                if (i >= Warmups)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
            slowest = Math.Max(slowest, p95);
            Console.WriteLine(string.Create(c, $"| {name} | {times[times.Count / 2]:0.0} | {p95:0.0} | {times[^1]:0.0} |"));
        }

        Console.WriteLine(string.Create(c, $"slowest p95: {slowest:0.0} ms (target < 50 ms)"));
        Console.WriteLine($"matching entries per search: {string.Join("; ", matches)}");
        await app.StopAsync();
        return 0;
    }

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    /// <summary>Passes entries to the pipeline until the target is reached.</summary>
    private sealed class CountingPipeline(ILogPipeline inner, int target) : ILogPipeline
    {
        private int _accepted;

        public bool Full => _accepted >= target;

        public PipelineStats Stats => inner.Stats;

        public bool TryEnqueue(LogEntry entry) => !Full && ++_accepted > 0 && inner.TryEnqueue(entry);

        public Task<EnqueueResult> EnqueueAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken) => inner.EnqueueAsync(entries, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    }
}
