using System.Net;
using System.Text;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace LogAnalyzer.Tests.Endpoints;

public sealed class BackpressureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostLog_QueueFull_Returns503WithRetryAfterAndStoresNothingOfIt()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SqliteLogStore? real = null;
        // A store that holds every write until the test opens the gate: the queue then fills.
        var store = Substitute.For<ILogStore>();
        await using var host = await ApiHost.StartAsync(
            options => (options.Pipeline.Capacity, options.Api.MaxBatchEntries, options.Pipeline.EnqueueTimeout) = (2, 1, TimeSpan.FromSeconds(2)),
            services => services.AddSingleton(sp =>
            {
                real = new SqliteLogStore(sp.GetRequiredService<IOptions<LogAnalyzerOptions>>());
                store.InitializeAsync(default).ReturnsForAnyArgs(call => real.InitializeAsync(call.Arg<CancellationToken>()));
                store.AppendAsync(default!, default).ReturnsForAnyArgs(async call =>
                {
                    await gate.Task;
                    await real.AppendAsync(call.Arg<IReadOnlyList<LogEntry>>(), call.Arg<CancellationToken>());
                });
                store.QueryAsync(default!, default).ReturnsForAnyArgs(call => real.QueryAsync(call.Arg<LogQuery>(), call.Arg<CancellationToken>()));
                return store;
            }));

        var inFlight = Post(host, "in flight");
        await Eventually.True(() => host.Services.GetRequiredService<LogAnalyzer.Pipeline.ILogPipeline>().Stats.Active == 1, "the first log is being written");
        var queued = Post(host, "queued");
        await Eventually.True(() => host.Services.GetRequiredService<LogAnalyzer.Pipeline.ILogPipeline>().Stats.Waiting == 1, "the second log waits in the queue");
        var refused = Post(host, "refused");
        await Eventually.True(
            () =>
            {
                host.Time.Advance(TimeSpan.FromMilliseconds(500));
                return refused.IsCompleted;
            },
            "the third request gave up waiting for room");

        var response = await refused;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        gate.SetResult();
        Assert.Equal(HttpStatusCode.Accepted, (await inFlight).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await queued).StatusCode);
        var stored = await real!.QueryAsync(new LogQuery(), Ct);
        Assert.Equal(["queued", "in flight"], stored.Entries.Select(e => e.Message).Order().Reverse());
    }

    private static Task<HttpResponseMessage> Post(ApiHost host, string message) =>
        host.Client.PostAsync("/api/logs", new StringContent($$"""{"message":"{{message}}"}""", Encoding.UTF8, "application/json"), Ct);
}
