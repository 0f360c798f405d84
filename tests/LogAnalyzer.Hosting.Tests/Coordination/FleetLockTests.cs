using System.Net.Http.Json;
using LogAnalyzer.Ai.Analysis;
using LogAnalyzer.Alerts;
using LogAnalyzer.Coordination;
using LogAnalyzer.Hosting.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using LogAnalyzer.Tests.Ai;
using StackExchange.Redis;

namespace LogAnalyzer.Tests.Coordination;

/// <summary>Leases in a real Redis: one holder at a time, renewal, release, takeover, and two alert engines or two analysers sharing one store.</summary>
public sealed class FleetLockTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private ConnectionMultiplexer _connection = null!;
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(redis.SkipReason is not null, redis.SkipReason ?? string.Empty);
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryAcquireAsync_TwoInstances_OneHoldsTheLeaseRenewsItAndHandsItOverOnRelease()
    {
        var (a, b) = (Lock("a"), Lock("b"));

        var first = (await a.TryAcquireAsync("alerts", Lease, Ct), await b.TryAcquireAsync("alerts", Lease, Ct));
        var renewed = await a.TryAcquireAsync("alerts", Lease, Ct);
        var otherJob = await b.TryAcquireAsync("analysis", Lease, Ct);
        await a.ReleaseAsync("alerts", Ct);
        var takenOver = await b.TryAcquireAsync("alerts", Lease, Ct);

        Assert.Equal((true, false), first);
        Assert.True(renewed);
        Assert.True(otherJob);
        Assert.True(takenOver);
        Assert.Equal("b", (string?)await _connection.GetDatabase().StringGetAsync($"{_prefix}lock:alerts"));
    }

    [Fact]
    public async Task TryAcquireAsync_LeaseExpiredAndTakenOver_TheOldHolderCanNeitherRenewNorReleaseIt()
    {
        var (a, b) = (Lock("a"), Lock("b"));
        await a.TryAcquireAsync("alerts", Lease, Ct);

        // What Redis does when the lease runs out while "a" is paused.
        await _connection.GetDatabase().KeyDeleteAsync($"{_prefix}lock:alerts");
        var taken = await b.TryAcquireAsync("alerts", Lease, Ct);
        var renewed = await a.TryAcquireAsync("alerts", Lease, Ct);
        await a.ReleaseAsync("alerts", Ct);

        Assert.True(taken);
        Assert.False(renewed);
        Assert.Equal("b", (string?)await _connection.GetDatabase().StringGetAsync($"{_prefix}lock:alerts"));
        Assert.True(await _connection.GetDatabase().KeyTimeToLiveAsync($"{_prefix}lock:alerts") > TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task ShouldRunAsync_TwoAlertEnginesOnOneStoreAndOneRedis_OneEvaluatesAndRaisesOneAlertUntilItStops()
    {
        await using var hostA = await ApiHost.StartAsync(o => o.Redis = new RedisOptions { Configuration = redis.Configuration, KeyPrefix = _prefix, InstanceId = "a" });
        await using var hostB = await ApiHost.StartAsync(o =>
        {
            o.Sqlite.Path = hostA.DatabasePath;
            o.Redis = new RedisOptions { Configuration = redis.Configuration, KeyPrefix = _prefix, InstanceId = "b" };
        });
        var instances = new[] { Instance(hostA), Instance(hostB) };
        Assert.All(instances, i => Assert.IsType<RedisFleetLock>(i.Host.Services.GetRequiredService<IFleetLock>()));
        var rule = new CountingRule();
        var engines = instances.Select(i => i.Engine(rule)).ToArray();

        // Each instance runs its job on its own schedule; only the lease holder evaluates.
        var evaluations = new int[2];
        for (var tick = 0; tick < 4; tick++)
        {
            for (var i = 0; i < instances.Length; i++)
            {
                if (await instances[i].Jobs.ShouldRunAsync("alerts", TimeSpan.FromSeconds(30), Ct))
                {
                    evaluations[i]++;
                    await engines[i].EvaluateAsync(Ct);
                }
            }
        }

        await instances[0].Jobs.ReleaseAsync("alerts");
        var takenOver = await instances[1].Jobs.ShouldRunAsync("alerts", TimeSpan.FromSeconds(30), Ct);

        Assert.Equal([4, 0], evaluations);
        var store = hostA.Services.GetRequiredService<IAlertStore>();
        var alert = Assert.Single(await store.ListAsync(DateTimeOffset.MinValue, null, null, 10, Ct));
        Assert.Equal(["raised"], (await store.GetHistoryAsync(alert.AlertId, Ct)).Select(c => c.Change));
        Assert.True(takenOver);
    }

    [Fact]
    public async Task ShouldRunAsync_TwoAnalysersOnOneStoreAndOneRedis_OneAsksTheModelOnceAndTheOtherFindsItDone()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Then(ModelAnswers.AnswerEach(id => ModelAnswers.ModelAnalysis(id, "Payment gateway times out", "HIGH")));
        void Configure(LogAnalyzerOptions o, string instance) =>
            (o.Ai.BaseUrl, o.Ai.ApiKey, o.Redis) = (model.BaseUrl, "test-key", new RedisOptions { Configuration = redis.Configuration, KeyPrefix = _prefix, InstanceId = instance });
        await using var hostA = await ApiHost.StartAsync(o => Configure(o, "a"));
        await using var hostB = await ApiHost.StartAsync(o =>
        {
            Configure(o, "b");
            o.Sqlite.Path = hostA.DatabasePath;
        });
        var posted = await hostA.Client.PostAsJsonAsync("/api/logs/batch", new { logs = ModelAnswers.Errors(8) }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, posted.StatusCode);
        var instances = new[] { hostA, hostB }.Select(h => (Jobs: h.Services.GetRequiredService<FleetJobs>(), Analyzer: h.Services.GetRequiredService<PatternAnalyzer>())).ToArray();

        // Each instance runs its job on its own schedule; only the lease holder analyses.
        var runs = new int[2];
        var analysed = 0;
        for (var tick = 0; tick < 3; tick++)
        {
            for (var i = 0; i < instances.Length; i++)
            {
                if (await instances[i].Jobs.ShouldRunAsync("analysis", TimeSpan.FromMinutes(5), Ct))
                {
                    runs[i]++;
                    analysed += (await instances[i].Analyzer.RunOnceAsync(Ct)).Analysed;
                }
            }
        }

        await instances[0].Jobs.ReleaseAsync("analysis");
        var takenOver = await instances[1].Jobs.ShouldRunAsync("analysis", TimeSpan.FromMinutes(5), Ct);
        var afterTakeover = await instances[1].Analyzer.RunOnceAsync(Ct);

        Assert.Equal([3, 0], runs);
        Assert.Equal(1, analysed);
        Assert.Single(model.Received);
        Assert.True(takenOver);
        Assert.Equal((0, 0), (afterTakeover.Candidates, afterTakeover.Calls));
    }

    [Fact]
    public async Task ShouldRunAsync_RedisUnreachable_SkipsTheRunInsteadOfRunningEverywhere()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        options.SyncTimeout = 200;
        options.AsyncTimeout = 200;
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(options);
        var jobs = new FleetJobs(new RedisFleetLock(RedisConnection.Of(unreachable), _prefix, "a"), NullLogger<FleetJobs>.Instance);

        Assert.False(await jobs.ShouldRunAsync("alerts", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task Health_RedisConfigured_ReportsTheConnectionAndDegradesWhenItIsDown()
    {
        await using var up = await ApiHost.StartAsync(o => o.Redis.Configuration = redis.Configuration);
        await using var down = await ApiHost.StartAsync(o => o.Redis.Configuration = "127.0.0.1:1,connectTimeout=200");

        var healthy = await up.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health", Ct);
        var degraded = await down.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health", Ct);

        Assert.Equal(("OK", true), (healthy.GetProperty("status").GetString(), healthy.GetProperty("redis").GetProperty("connected").GetBoolean()));
        Assert.Equal(("DEGRADED", false), (degraded.GetProperty("status").GetString(), degraded.GetProperty("redis").GetProperty("connected").GetBoolean()));
    }

    [Fact]
    public async Task AddLogAnalyzer_AppRegisteredAConnection_SharesItInsteadOfOpeningAnother()
    {
        // The configured address is unreachable: only the app's own connection can answer.
        await using var host = await ApiHost.StartAsync(
            o => o.Redis = new RedisOptions { Configuration = "127.0.0.1:1", KeyPrefix = _prefix },
            services => services.AddSingleton<IConnectionMultiplexer>(_connection));

        var shared = await host.Services.GetRequiredService<RedisConnection>().GetAsync();
        var health = await host.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health", Ct);

        Assert.Same(_connection, shared);
        Assert.True(health.GetProperty("redis").GetProperty("connected").GetBoolean());
    }

    private RedisFleetLock Lock(string instance) => new(RedisConnection.Of(_connection), _prefix, instance);

    private static (ApiHost Host, FleetJobs Jobs, Func<IAlertRule, AlertEngine> Engine) Instance(ApiHost host) => (
        host,
        host.Services.GetRequiredService<FleetJobs>(),
        rule => new AlertEngine(
            host.Services.GetRequiredService<IAlertStore>(),
            host.Services.GetRequiredService<LogAnalyzer.Impact.IImpactStore>(),
            [rule],
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LogAnalyzerOptions>>().Value,
            host.Time,
            host.Services.GetRequiredService<RunbookAdvisor>(),
            host.Services.GetRequiredService<AlertNotificationDispatcher>()));

    /// <summary>A condition that always holds, so that every evaluation would raise or update the alert.</summary>
    private sealed class CountingRule : IAlertRule
    {
        public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AlertCondition>>([new AlertCondition("QUEUE_BACKLOG", "orders", "MEDIUM", "Order queue backlog", "The order queue is growing")]);
    }
}
