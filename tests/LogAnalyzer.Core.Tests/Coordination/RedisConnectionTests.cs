using LogAnalyzer.Coordination;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Queue.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace LogAnalyzer.Tests.Coordination;

/// <summary>The shared Redis connection when an attempt fails outright (a configuration with no endpoint, which the driver refuses).</summary>
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
    public async Task TryForwardAsync_ConnectionAttemptFailed_FallsBackToTheLocalStore()
    {
        using var connection = Refused();
        var producer = new RedisStreamProducer(connection, new RedisOptions(), TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<RedisStreamProducer>.Instance);

        var forwarded = await producer.TryForwardAsync([new LogEntry { Message = "Payment gateway timeout" }], CancellationToken.None, Ct);

        Assert.False(forwarded);
        Assert.True(producer.FallingBack);
    }
}
