using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>Another method on one of the API's paths: a 405 ProblemDetails that says which methods the path takes.</summary>
public sealed class MethodNotAllowedTests : ApiHostTests
{
    [Theory]
    [InlineData("PUT", "/api/logs", "POST, GET, HEAD")]
    [InlineData("DELETE", "/api/logs/42", "GET, HEAD")]
    [InlineData("POST", "/api/logs/stats", "GET, HEAD")]
    [InlineData("GET", "/api/logs/batch", "POST")]
    [InlineData("PATCH", "/api/alerts/a1/resolve", "POST")]
    [InlineData("POST", "/health", "GET, HEAD")]
    public async Task Send_MethodThePathDoesNotTake_Returns405ProblemWithAllow(string method, string path, string allow)
    {
        var response = await Host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct);
        Assert.Equal(405, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Send_MethodTheHostMapsOnTheSamePath_ReachesTheHost()
    {
        await using var host = await ApiHost.StartAsync(app: a => a.MapDelete("/api/alerts/{alertId}", (string alertId) => TypedResults.Ok(alertId)));

        var response = await host.Client.DeleteAsync("/api/alerts/a1", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task Send_GetOrHeadOnAGetPath_IsAnswered(string method)
    {
        var response = await Host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/health"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
