using System.Net;
using System.Net.Sockets;
using LogAnalyzer.Coordination;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Queue.Redis;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace LogAnalyzer.Tests.Coordination;

/// <summary>
/// The shared Redis connection when an attempt fails outright (a configuration with no endpoint, which the driver
/// refuses) or outlasts a shutdown (a port that never answers).
/// </summary>
public sealed class RedisConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RedisConnection Refused() => RedisConnection.Connect(new ConfigurationOptions { AbortOnConnectFail = false });

    [Fact]
    public async Task GetAsync_AttemptFailedOutright_MakesANewAttemptAtTheNextCall()
    {
        using var connection = Refused();
        var first = connection.GetAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => first);

        Assert.Null(connection.TryGet());
        Assert.NotSame(first, connection.GetAsync());
    }

    [Fact]
    public async Task Dispose_FirstAttemptStillConnecting_ReturnsWithoutWaitingForIt()
    {
        // A port that takes the connection and never answers: the attempt lasts its ten-minute connect timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var connection = RedisConnection.Connect(ConfigurationOptions.Parse($"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port},connectTimeout=600000"));
        var attempt = connection.GetAsync();
        await Eventually.True(silent.Pending, "the attempt reached the port");

        // The bound only tells a hang from a pass; disposing must not wait for the attempt.
        await Task.Run(connection.Dispose, Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);

        Assert.False(attempt.IsCompleted);
    }

    [Fact]
    public async Task TryForwardAsync_ConnectionAttemptFailed_FallsBackToTheLocalStore()
    {
        using var connection = Refused();
        var producer = new RedisStreamProducer(connection, new RedisOptions(), TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<RedisStreamProducer>.Instance);

        var forwarded = await producer.TryForwardAsync([new LogEntry { Message = "Payment gateway timeout" }], CancellationToken.None, Ct);

        Assert.False(forwarded);
        Assert.True(producer.FallingBack);
    }

    [Fact]
    public async Task StopAsync_FirstConnectAttemptOutlastsTheShutdownBudget_StoresWhatWaitsLocally()
    {
        // A port that takes the connection and never answers: the attempt lasts its ten-minute connect timeout, far
        // past the shutdown budget, which used to run out with the batch still waiting for Redis (dropped). The fake
        // clock never reaches that budget here, so a batch still waiting would hang the stop; the bound tells a hang.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var folder = new TempDirectory();
        using var metrics = new LogAnalyzerMetrics();
        var time = new FakeTimeProvider(Entries.Start);
        var options = Options.Create(new LogAnalyzerOptions { Sqlite = { Path = folder.File("logs.db") } });
        using var store = new SqliteLogStore(options);
        await store.InitializeAsync(Ct);
        using var redis = RedisConnection.Connect(ConfigurationOptions.Parse($"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port},connectTimeout=600000"));
        var producer = new RedisStreamProducer(redis, new RedisOptions(), time, metrics, NullLogger<RedisStreamProducer>.Instance);
        await using var pipeline = new LogPipeline(store, options, time, metrics, NullLogger<LogPipeline>.Instance, forwarder: producer);
        pipeline.Start();

        var acknowledged = pipeline.EnqueueAsync(Entries.Many(3, "shutdown"), Ct);
        await Eventually.True(() => pipeline.InHand == 3, "the writer took the batch");
        var stopping = pipeline.StopAsync(Ct);
        try
        {
            await stopping.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        }
        finally
        {
            // Past the budget, so that a failing run ends instead of hanging in disposal.
            time.Advance(options.Value.Pipeline.ShutdownTimeout);
        }

        Assert.Equal(EnqueueResult.Committed, await acknowledged);
        Assert.Equal(3, (await store.GetStatsAsync(0, Ct)).Total);
        Assert.Equal((3, 0), (pipeline.Stats.Completed, pipeline.Stats.Dropped));
        Assert.True(producer.FallingBack);
    }
}
