using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using LogAnalyzer.Coordination;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Queue.Redis;
using LogAnalyzer.Storage;
using LogAnalyzer.Tests.Coordination;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using StackExchange.Redis;

namespace LogAnalyzer.Tests.Queue;

/// <summary>
/// Ingestion through a real Redis stream: several instances store each entry once, a dead consumer's entries are
/// claimed, a killed Redis loses nothing acknowledged, refused entries end in the dead-letter stream, an unreachable
/// Redis falls back to the local store.
/// </summary>
public sealed class RedisQueueTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private ConnectionMultiplexer _connection = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IDatabase Redis => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(redis.SkipReason is not null, redis.SkipReason ?? string.Empty);
        _connection = await Connect();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task EnqueueAsync_TwoInstancesOnOneRedis_EachOf100000EntriesIsStoredExactlyOnce()
    {
        await using var a = await StartHostAsync("a");
        await using var b = await StartHostAsync("b", a.DatabasePath);

        // Both instances log at once; each consumer stores whatever the group hands it.
        await Task.WhenAll(
            ProduceAsync(a, "a", chunks: 50, perChunk: 1000),
            ProduceAsync(b, "b", chunks: 50, perChunk: 1000));
        await Eventually.True(async () => await CompletedAsync() >= 100_000, "the consumers stored every entry", timeoutSeconds: 240, progress: async () => $"{await CompletedAsync()} stored, {Count(a.DatabasePath)} in the store, {await Redis.StreamLengthAsync(Keys().Stream)} in the stream");

        var (total, distinct) = Count(a.DatabasePath);
        Assert.Equal(100_000, total);
        Assert.Equal(100_000, distinct);
        Assert.Equal(100_000, await CompletedAsync());
        var stats = await QueueStatsAsync(a);
        Assert.Equal(0, stats.GetProperty("queue").GetProperty("waiting").GetInt64());
        Assert.Equal(0, stats.GetProperty("queue").GetProperty("active").GetInt64());
        Assert.Equal(100_000, stats.GetProperty("queue").GetProperty("completed").GetInt64());
        Assert.Equal(0, stats.GetProperty("queue").GetProperty("failed").GetInt64());

        // Stored entries leave the stream; nothing unstored ever does.
        await Eventually.True(async () => await Redis.StreamLengthAsync(Keys().Stream) <= 1, "the consumers trimmed what they stored", timeoutSeconds: 30);
    }

    [Fact]
    public async Task RunOnceAsync_ConsumerKilledWhileStoring_TheOtherClaimsAndStoresItsEntriesOnce()
    {
        await using var host = await ApiHost.StartAsync();
        var options = Options(claimIdle: TimeSpan.FromMilliseconds(50));
        await ForwardAsync(options, Entries.Many(300, "claim"));

        // "a" stores its first batch, then dies while storing its second: it never acknowledges that one.
        var calls = 0;
        var dying = Substitute.For<ILogStore>();
        dying.AppendAsync(default!, Ct).ReturnsForAnyArgs(call =>
            Interlocked.Increment(ref calls) == 1 ? host.Store.AppendAsync(call.Arg<IReadOnlyList<LogEntry>>(), Ct) : new TaskCompletionSource().Task);
        var killed = await Connect();
        var a = Consumer(killed, dying, options, "a", TimeProvider.System);
        Assert.Equal((true, (TimeSpan?)null), await a.RunOnceAsync());
        _ = a.RunOnceAsync();
        await Eventually.True(() => Volatile.Read(ref calls) == 2, "a started storing its second batch");
        await killed.DisposeAsync();

        var b = Consumer(_connection, host.Store, options, "b", TimeProvider.System);
        await Eventually.True(async () =>
        {
            await b.RunOnceAsync();
            return Count(host.DatabasePath).Total >= 300;
        }, "b stored the third batch and claimed a's second");

        Assert.Equal((300, 300), Count(host.DatabasePath));
        Assert.Equal(0, (await Redis.StreamPendingAsync(Keys().Stream, Keys().Group)).PendingMessageCount);
        Assert.Equal(300, await CompletedAsync());
    }

    [Fact]
    public async Task EnqueueAsync_RedisKilledAndRestartedMidStream_EveryAcknowledgedEntryIsStoredOnce()
    {
        // A producer-only instance, so what it acknowledged sits in the stream, unconsumed, when Redis is killed.
        await using var producer = await StartHostAsync("p", configure: q =>
        {
            q.Consume = false;
            q.FallbackRetryInterval = TimeSpan.FromMilliseconds(200);
        });
        await ProduceAsync(producer, "before", chunks: 10, perChunk: 250);
        Assert.Equal(2_500, await Redis.StreamLengthAsync(Keys().Stream));

        await redis.KillAsync();
        await ProduceAsync(producer, "down", chunks: 10, perChunk: 250);
        await redis.StartAgainAsync();
        var afterwards = await ProduceUntilBackOnRedisAsync(producer);
        await ProduceAsync(producer, "after", chunks: 10, perChunk: 250);
        await using var consumer = await StartHostAsync("c", producer.DatabasePath);

        var expected = 7_500 + afterwards;
        await Eventually.True(async () => Count(producer.DatabasePath).Total >= expected && await CompletedAsync() >= 5_000, "every acknowledged entry is stored", timeoutSeconds: 120);
        Assert.Equal((expected, expected), Count(producer.DatabasePath));
        Assert.True(await CompletedAsync() >= 5_000, "the 2,500 entries in Redis when it was killed, and the 2,500 after it returned, went through the stream");
    }

    [Fact]
    public async Task TryForwardAsync_BatchWouldOverfillTheStream_AddsNoneOfItAndFallsBackUntilItFits()
    {
        var options = Options();
        options.Queue.MaxLength = 5;
        var producer = new RedisStreamProducer(RedisConnection.Of(_connection), options, TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<RedisStreamProducer>.Instance);

        var first = await producer.TryForwardAsync(Entries.Many(3, "first"), CancellationToken.None, Ct);
        var overfilling = await producer.TryForwardAsync(Entries.Many(3, "second"), CancellationToken.None, Ct);
        var (lengthWhenFull, fallingBack) = (await Redis.StreamLengthAsync(Keys().Stream), producer.FallingBack);
        var fitting = await producer.TryForwardAsync(Entries.Many(2, "third"), CancellationToken.None, Ct);

        Assert.Equal((true, false, true), (first, overfilling, fitting));
        Assert.Equal((3, true), (lengthWhenFull, fallingBack));
        Assert.Equal(5, await Redis.StreamLengthAsync(Keys().Stream));
        Assert.False(producer.FallingBack);
    }

    [Fact]
    public async Task RunOnceAsync_StreamNeverEmpty_TrimsWhatWasStoredAtLeastEveryFiveSeconds()
    {
        await using var host = await ApiHost.StartAsync();
        var options = Options();
        await ForwardAsync(options, Entries.Many(300, "busy"));
        var time = new FakeTimeProvider();
        var consumer = Consumer(_connection, host.Store, options, "a", time);

        await consumer.RunOnceAsync();
        var afterFirst = await Redis.StreamLengthAsync(Keys().Stream);
        time.Advance(TimeSpan.FromSeconds(6));
        await consumer.RunOnceAsync();

        // The first batch of 100 was stored and acknowledged; the second is pending and the third unread: both kept.
        Assert.Equal(300, afterFirst);
        Assert.Equal(200, await Redis.StreamLengthAsync(Keys().Stream));
    }

    [Fact]
    public async Task RunOnceAsync_EntryTheStoreRefuses_IsTriedThreeTimesWithBackoffThenDeadLettered()
    {
        await using var host = await ApiHost.StartAsync();
        var options = Options();
        await ForwardAsync(options, [Entries.Info("good one"), Entries.Info("poison"), Entries.Info("good two")]);
        var store = Substitute.For<ILogStore>();
        store.AppendAsync(default!, Ct).ReturnsForAnyArgs(call =>
        {
            var entries = call.Arg<IReadOnlyList<LogEntry>>();
            return entries.Any(e => e.Message == "poison")
                ? Task.FromException(new InvalidOperationException("CHECK constraint failed"))
                : host.Store.AppendAsync(entries, Ct);
        });
        var consumer = Consumer(_connection, store, options, "a", new FakeTimeProvider());

        var rounds = new List<TimeSpan?>();
        for (var round = 0; round < 3; round++)
        {
            rounds.Add((await consumer.RunOnceAsync()).RetryAfter);
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), null], rounds);
        Assert.Equal((2, 2), Count(host.DatabasePath));
        var dead = Assert.Single(await Redis.StreamRangeAsync(Keys().DeadLetters));
        Assert.Equal("poison", StreamEntryCodec.TryDecode((byte[])dead["e"]!)!.Message);
        Assert.Equal("3", dead["attempts"].ToString());
        Assert.Equal("System.InvalidOperationException: CHECK constraint failed", dead["error"].ToString());
        var stats = await RedisQueueStatistics.ReadAsync(Redis, Keys());
        Assert.Equal(new RedisQueueStatistics(Waiting: 0, Active: 0, Completed: 2, Failed: 1), stats);
    }

    [Fact]
    public async Task RunOnceAsync_StoreDown_NothingIsDeadLetteredAndTheBatchIsStoredWhenItIsBack()
    {
        await using var host = await ApiHost.StartAsync();
        var options = Options();
        await ForwardAsync(options, Entries.Many(5, "outage"));
        var down = true;
        var store = Substitute.For<ILogStore>();
        store.AppendAsync(default!, Ct).ReturnsForAnyArgs(call =>
            down ? Task.FromException(new IOException("disk I/O error")) : host.Store.AppendAsync(call.Arg<IReadOnlyList<LogEntry>>(), Ct));
        var consumer = Consumer(_connection, store, options, "a", new FakeTimeProvider());

        var waits = new List<TimeSpan?>();
        for (var round = 0; round < 4; round++)
        {
            waits.Add((await consumer.RunOnceAsync()).RetryAfter);
        }

        down = false;
        var recovered = await consumer.RunOnceAsync();

        // An outage costs no attempt: the delay grows, nothing is given up.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], waits);
        Assert.Equal((true, (TimeSpan?)null), recovered);
        Assert.Equal(0, await Redis.StreamLengthAsync(Keys().DeadLetters));
        Assert.Equal((5, 5), Count(host.DatabasePath));
    }

    [Fact]
    public async Task PostLogsBatch_RedisQueue_AcknowledgedInTheStreamThenStoredByTheConsumer()
    {
        await using var host = await StartHostAsync("a");
        var logs = Enumerable.Range(0, 3).Select(i => new { level = "error", message = $"Payment declined {i}", endpoint = "/api/payment", errorCode = "PAYMENT_DECLINED" });

        var response = await host.Client.PostAsJsonAsync("/api/logs/batch", new { logs }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        await Eventually.True(async () => await CompletedAsync() >= 3, "the consumer stored the batch");
        var health = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);
        var page = await host.Client.GetFromJsonAsync<JsonElement>("/api/logs?errorCode=PAYMENT_DECLINED", Ct);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(body.TryGetProperty("ids", out _), "ids are given when a consumer stores the entries");
        Assert.Equal("OK", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("redis").GetProperty("queue").GetProperty("fallingBack").GetBoolean());
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(3, (await Redis.StreamGroupInfoAsync(Keys().Stream)).Single().EntriesRead);
    }

    [Fact]
    public async Task PostLogs_RedisUnreachable_StoresLocallyAndHealthSaysDegraded()
    {
        await using var host = await ApiHost.StartAsync(
            o =>
            {
                o.Redis = new RedisOptions { Configuration = "127.0.0.1:1,connectTimeout=200", KeyPrefix = _prefix };
                o.Redis.Queue.Enabled = true;
            },
            services => services.AddSingleton(TimeProvider.System));

        var response = await host.Client.PostAsJsonAsync("/api/logs", new { level = "error", message = "Payment gateway timeout", endpoint = "/api/payment" }, Ct);
        var health = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);
        var stats = await host.Client.GetFromJsonAsync<JsonElement>("/api/logs/queue/stats", Ct);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((1, 1), Count(host.DatabasePath));
        Assert.Equal("DEGRADED", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("redis").GetProperty("queue").GetProperty("fallingBack").GetBoolean());
        Assert.Equal("redis", stats.GetProperty("backend").GetString());
        Assert.False(stats.GetProperty("redis").GetProperty("reachable").GetBoolean());
        Assert.False(stats.TryGetProperty("queue", out _), "Redis cannot say what the fleet's stream holds now");
        Assert.Equal(1, stats.GetProperty("local").GetProperty("completed").GetInt64());
    }


    [Fact]
    public async Task StartAsync_RedisUnreachableWithALongConnectTimeout_StartsWithoutWaitingForTheConnection()
    {
        // A port that takes the connection and never answers: connecting lasts the whole connect timeout, ten minutes
        // here, and start-up used to wait for it. The bound only tells a hang from a start.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var host = await ApiHost.StartAsync(
            o =>
            {
                o.Redis = new RedisOptions { Configuration = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port},connectTimeout=600000", KeyPrefix = _prefix };
                o.Redis.Queue.Enabled = true;
            },
            services => services.AddSingleton(TimeProvider.System)).WaitAsync(TimeSpan.FromMinutes(1), Ct);

        var health = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal("DEGRADED", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("redis").GetProperty("connected").GetBoolean());
        Assert.StartsWith("Connecting to Redis", health.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString(), StringComparison.Ordinal);
    }


    private async Task<ApiHost> StartHostAsync(string instance, string? databasePath = null, Action<RedisQueueOptions>? configure = null) =>
        await ApiHost.StartAsync(
            o =>
            {
                if (databasePath is not null)
                {
                    o.Sqlite.Path = databasePath;
                }

                o.Redis = new RedisOptions { Configuration = redis.Configuration, KeyPrefix = _prefix, InstanceId = instance };
                o.Redis.Queue.Enabled = true;
                configure?.Invoke(o.Redis.Queue);
            },
            services => services.AddSingleton(TimeProvider.System));

    private static async Task ProduceAsync(ApiHost host, string name, int chunks, int perChunk)
    {
        var pipeline = host.Services.GetRequiredService<ILogPipeline>();
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var entries = Entries.Many(perChunk, $"{name}-{chunk}");
            Assert.Equal(EnqueueResult.Committed, await pipeline.EnqueueAsync(entries, Ct));
        }
    }

    /// <summary>Logs a chunk at a time until the producer adds to Redis again; returns how many entries that took.</summary>
    private static async Task<int> ProduceUntilBackOnRedisAsync(ApiHost host)
    {
        var queue = host.Services.GetRequiredService<LogAnalyzer.Hosting.Queue.RedisQueueServices>();
        var produced = 0;
        await Eventually.True(
            async () =>
            {
                await ProduceAsync(host, $"returning-{produced}", chunks: 1, perChunk: 10);
                produced += 10;
                return !queue.FallingBack;
            },
            "the producer adds to Redis again");
        return produced;
    }

    private RedisOptions Options(TimeSpan? claimIdle = null)
    {
        var options = new RedisOptions { Configuration = redis.Configuration, KeyPrefix = _prefix };
        options.Queue.Enabled = true;
        options.Queue.ReadBatchSize = 100;
        options.Queue.ClaimIdleTime = claimIdle ?? TimeSpan.FromMinutes(10);
        return options;
    }

    private async Task ForwardAsync(RedisOptions options, IReadOnlyList<LogEntry> entries)
    {
        var producer = new RedisStreamProducer(RedisConnection.Of(_connection), options, TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<RedisStreamProducer>.Instance);
        Assert.True(await producer.TryForwardAsync(entries, CancellationToken.None, Ct));
    }

    private static RedisStreamConsumer Consumer(IConnectionMultiplexer connection, ILogStore store, RedisOptions options, string name, TimeProvider time) =>
        new(RedisConnection.Of(connection), store, options, name, time, new LogAnalyzerMetrics(), NullLogger<RedisStreamConsumer>.Instance);

    private RedisStreamKeys Keys() => new(new RedisOptions { KeyPrefix = _prefix });

    private async Task<long> CompletedAsync() => (long?)await Redis.StringGetAsync(Keys().Completed) ?? 0;

    private static async Task<JsonElement> QueueStatsAsync(ApiHost host) => await host.Client.GetFromJsonAsync<JsonElement>("/api/logs/queue/stats", Ct);

    private static (long Total, long Distinct) Count(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT message) FROM logs;";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<ConnectionMultiplexer> Connect()
    {
        var options = ConfigurationOptions.Parse(redis.Configuration);
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
