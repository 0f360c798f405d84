using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using LogAnalyzer.Hosting.Health;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using LogAnalyzer.Tests.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Polly;
using Polly.CircuitBreaker;

namespace LogAnalyzer.Tests.Health;

public sealed class HealthCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetHealth_AllWell_ReportsEveryCheckHealthyAndOk()
    {
        await using var host = await ApiHost.StartAsync(app: a => a.MapHealthChecks("/healthz"));
        var hostChecks = await host.Client.GetStringAsync("/healthz", Ct);

        var response = await host.Client.GetAsync("/health", Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["store"] = "Healthy", ["queue"] = "Healthy", ["llm"] = "Healthy", ["redis"] = "Healthy", ["memory"] = "Healthy", ["mongodb"] = "Healthy" }, checks);
        Assert.Equal("Healthy", hostChecks);
    }

    [Fact]
    public async Task GetHealth_DiskFull_SaysSoWith503AndRecoversWhenWritesSucceedAgain()
    {
        var full = true;
        using var folder = new TempDirectory();
        using var real = new LogAnalyzer.Storage.Sqlite.SqliteLogStore(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = folder.File("real.db") } }));
        var store = Substitute.For<ILogStore>();
        store.InitializeAsync(Ct).ReturnsForAnyArgs(call => real.InitializeAsync(Ct));
        store.AppendAsync(default!, Ct).ReturnsForAnyArgs(call => full
            ? Task.FromException(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13))
            : real.AppendAsync(call.Arg<IReadOnlyList<LogEntry>>(), Ct));
        await using var host = await ApiHost.StartAsync(services: s => s.AddSingleton(store), app: a => a.MapHealthChecks("/healthz"));
        var pipeline = host.Services.GetRequiredService<LogPipeline>();

        pipeline.TryEnqueue(Entries.Info("order placed"));
        var flushed = pipeline.FlushAsync(Ct);
        await Eventually.True(() => pipeline.WriteFailure is not null, "the write failed");
        var failing = await host.Client.GetAsync("/health", Ct);
        var body = await failing.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var hostChecks = await host.Client.GetAsync("/healthz", Ct);
        full = false;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await flushed;
        Assert.Null(pipeline.WriteFailure);
        var recovered = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
        Assert.Equal("UNHEALTHY", body.GetProperty("status").GetString());
        var store_ = body.GetProperty("checks").GetProperty("store");
        Assert.Equal("Unhealthy", store_.GetProperty("status").GetString());
        Assert.StartsWith("The disk is full: the store has refused every write", store_.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (hostChecks.StatusCode, await hostChecks.Content.ReadAsStringAsync(Ct)));
        Assert.Equal("OK", recovered.GetProperty("status").GetString());
        Assert.Equal(1, (await real.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task GetHealth_LessFreeDiskThanConfigured_StoreDegradedNamingTheSetting()
    {
        await using var host = await ApiHost.StartAsync(o => o.Health.MinimumFreeDiskMegabytes = int.MaxValue);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal("DEGRADED", body.GetProperty("status").GetString());
        var store = body.GetProperty("checks").GetProperty("store");
        Assert.Equal("Degraded", store.GetProperty("status").GetString());
        Assert.Matches(@"^Only \d+ MB free on the disk of the store \(LogAnalyzer:Health:MinimumFreeDiskMegabytes is 2147483647\)\.$", store.GetProperty("description").GetString());
    }

    [Fact]
    public async Task CheckHealthAsync_QueueDroppedEntries_DegradedUntilTheReportingWindowPasses()
    {
        var time = new FakeTimeProvider();
        // No overload limit, so that a full queue only drops.
        await using var queue = await RealQueueAsync(time, o => (o.Pipeline.Capacity, o.Pipeline.OverloadCapacity) = (100, 100));
        var check = new QueueHealthCheck(queue.Pipeline, queue.Options, time);
        Enqueue(queue.Pipeline, 10);
        var before = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Enqueue(queue.Pipeline, 132);
        queue.Pipeline.Start();
        await queue.Pipeline.FlushAsync(Ct);
        var afterDrops = await check.CheckHealthAsync(new HealthCheckContext(), Ct);
        time.Advance(TimeSpan.FromMinutes(4));
        var stillRecent = await check.CheckHealthAsync(new HealthCheckContext(), Ct);
        time.Advance(TimeSpan.FromMinutes(2));
        var later = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(
            [HealthStatus.Healthy, HealthStatus.Degraded, HealthStatus.Degraded, HealthStatus.Healthy],
            new[] { before, afterDrops, stillRecent, later }.Select(r => r.Status));
        Assert.Equal("10 of 100 queued.", before.Description);
        Assert.Equal("42 entries dropped since start (42 since the previous check): the queue was full, overloaded or stopping.", afterDrops.Description);
        Assert.Equal("0 of 100 queued.", later.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_QueueAtNinetyPercentOfTheDefaultCapacity_DegradedAndOneEntryBelowHealthy()
    {
        var time = new FakeTimeProvider();
        await using var queue = await RealQueueAsync(time);
        var check = new QueueHealthCheck(queue.Pipeline, queue.Options, time);

        Enqueue(queue.Pipeline, 8_999);
        var below = await check.CheckHealthAsync(new HealthCheckContext(), Ct);
        Enqueue(queue.Pipeline, 1);
        var at = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal((HealthStatus.Healthy, "8999 of 10000 queued."), (below.Status, below.Description));
        Assert.Equal((HealthStatus.Degraded, "The queue is 90% full: logging sinks are about to drop entries."), (at.Status, at.Description));
    }

    [Fact]
    public async Task CheckHealthAsync_PipelineOverloaded_DegradedNamingOverloadCapacityWhileTheQueueIsShort()
    {
        // The overload ends only once the writer has found nothing to do for a while on this clock, which stands still.
        var time = new FakeTimeProvider();
        await using var queue = await RealQueueAsync(time, o => o.Pipeline.Capacity = 1_000);
        var check = new QueueHealthCheck(queue.Pipeline, queue.Options, time);
        Enqueue(queue.Pipeline, 1_001);
        queue.Pipeline.Start();
        await queue.Pipeline.FlushAsync(Ct);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal((0, true), (queue.Pipeline.Stats.Waiting, queue.Pipeline.Stats.Overloaded));
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(
            "Overloaded: events are logged faster than they are stored, so logged events are admitted only while fewer than 250 entries wait (LogAnalyzer:Pipeline:OverloadCapacity); 1 entries dropped since start.",
            result.Description);
        Assert.Equal(true, result.Data["overloaded"]);
    }

    [Fact]
    public async Task CheckHealthAsync_LanguageModelCircuitOpen_Degraded()
    {
        await using var host = await ApiHost.StartAsync(o => o.Ai.ApiKey = "test-key");
        var circuit = host.Services.GetRequiredService<LanguageModelCircuit>();
        var resilience = host.Services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get($"{LogAnalyzer.Hosting.Ai.LanguageModelRegistration.HttpClientName}-standard");
        Assert.Same(circuit.Provider, resilience.CircuitBreaker.StateProvider);

        // The same provider on a breaker that opens after two failures, as the client's does after five.
        var breaker = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            MinimumThroughput = 2,
            FailureRatio = 0.5,
            StateProvider = circuit.Provider,
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(),
        }).Build();
        var healthy = await Health(host);
        for (var i = 0; i < 2; i++)
        {
            Assert.Throws<HttpRequestException>(() => breaker.Execute(() => throw new HttpRequestException("503")));
        }

        var open = await Health(host);

        Assert.Equal("Healthy", healthy.GetProperty("status").GetString());
        Assert.Equal("Degraded", open.GetProperty("status").GetString());
        Assert.StartsWith("The language model's circuit is open", open.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_MemoryAboveThreshold_WarnsOnceEachTimeItRisesAbove()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var monitor = new MemoryMonitorService(Options.Create(new LogAnalyzerOptions()), new FakeTimeProvider(), factory.CreateLogger<MemoryMonitorService>());

        var warned = new[] { 300L, 450, 600, 350, 401 }.Select(monitor.Sample).ToArray();

        Assert.Equal([false, true, false, false, true], warned);
        Assert.Equal(
            [$"{typeof(MemoryMonitorService).FullName} 8101 High memory usage: 450MB (the warning threshold is 400MB). ", $"{typeof(MemoryMonitorService).FullName} 8101 High memory usage: 401MB (the warning threshold is 400MB). "],
            logs.Lines);
    }

    private static async Task<JsonElement> Health(ApiHost host) =>
        (await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct)).GetProperty("checks").GetProperty("llm");

    private static void Enqueue(LogPipeline pipeline, int count)
    {
        for (var i = 0; i < count; i++)
        {
            pipeline.TryEnqueue(Entries.Info($"order {i} placed"));
        }
    }

    /// <summary>A real pipeline over a SQLite file, not started: what is enqueued waits until the test starts it.</summary>
    private static async Task<RealQueue> RealQueueAsync(TimeProvider time, Action<LogAnalyzerOptions>? configure = null)
    {
        var folder = new TempDirectory();
        var options = new LogAnalyzerOptions { Sqlite = { Path = folder.File("logs.db") } };
        configure?.Invoke(options);
        var wrapped = Options.Create(options);
        var store = new LogAnalyzer.Storage.Sqlite.SqliteLogStore(wrapped);
        await store.InitializeAsync(Ct);
        var metrics = new LogAnalyzer.Diagnostics.LogAnalyzerMetrics();
        return new RealQueue(new LogPipeline(store, wrapped, time, metrics, Microsoft.Extensions.Logging.Abstractions.NullLogger<LogPipeline>.Instance), wrapped, store, metrics, folder);
    }

    private sealed record RealQueue(
        LogPipeline Pipeline,
        IOptions<LogAnalyzerOptions> Options,
        LogAnalyzer.Storage.Sqlite.SqliteLogStore Store,
        LogAnalyzer.Diagnostics.LogAnalyzerMetrics Metrics,
        TempDirectory Folder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Pipeline.DisposeAsync();
            Store.Dispose();
            Metrics.Dispose();
            Folder.Dispose();
        }
    }
}
