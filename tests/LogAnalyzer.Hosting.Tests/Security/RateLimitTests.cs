using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Hosting.Security;

namespace LogAnalyzer.Tests.Security;

public sealed class RateLimitTests
{
    private const string KeyA = "client-a-key-0123456789";
    private const string KeyB = "client-b-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_BeyondThePermitLimit_Returns429ProblemWithRetryAfter()
    {
        // A window far longer than the test: the fourth request is refused whatever the clock does.
        await using var host = await ApiHost.StartAsync(o => (o.Security.RateLimit.PermitLimit, o.Security.RateLimit.Window) = (3, TimeSpan.FromHours(1)));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await host.Client.GetAsync("/api/logs", Ct);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(TimeSpan.FromHours(1), last.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await last.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
    }

    [Fact]
    public void TryAcquire_DefaultOptions_GrantsTenThousandRequestsPerClientPerMinute()
    {
        using var limiter = new ApiRateLimiter(Microsoft.Extensions.Options.Options.Create(new LogAnalyzerOptions()));

        var granted = Enumerable.Range(0, 10_000).Count(_ => limiter.TryAcquire("client-a") is null);
        var refused = limiter.TryAcquire("client-a");
        var other = limiter.TryAcquire("client-b");

        Assert.Equal(10_000, granted);
        Assert.NotNull(refused);
        Assert.InRange(refused.Value, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
        Assert.Null(other);
    }

    [Fact]
    public async Task Request_DifferentApiKeys_CountSeparately()
    {
        await using var host = await ApiHost.StartAsync(o =>
        {
            (o.Security.RateLimit.PermitLimit, o.Security.RateLimit.Window) = (2, TimeSpan.FromHours(1));
            o.Security.ApiKeys = [new ApiKeyOptions { Key = KeyA, Scopes = ["read"] }, new ApiKeyOptions { Key = KeyB, Scopes = ["read"] }];
        });

        var a = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            a.Add((await ApiKeyTests.SendAsync(host, HttpMethod.Get, "/api/logs", KeyA)).StatusCode);
        }

        var b = (await ApiKeyTests.SendAsync(host, HttpMethod.Get, "/api/logs", KeyB)).StatusCode;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], a);
        Assert.Equal(HttpStatusCode.OK, b);
    }

    [Fact]
    public async Task Request_RateLimitDisabled_IsNeverRefused()
    {
        await using var host = await ApiHost.StartAsync(o => (o.Security.RateLimit.Enabled, o.Security.RateLimit.PermitLimit) = (false, 1));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await host.Client.GetAsync("/api/logs", Ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }
}
