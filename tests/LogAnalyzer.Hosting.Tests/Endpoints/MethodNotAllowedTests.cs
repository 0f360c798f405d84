using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>Another method on one of the API's paths: a 405 ProblemDetails that says which methods the path takes.</summary>
public sealed class MethodNotAllowedTests : ApiHostTests
{
    private const string Origin = "https://app.example";

    [Theory]
    [InlineData("PUT", "/api/logs", "POST, GET, HEAD, OPTIONS")]
    [InlineData("DELETE", "/api/logs/42", "GET, HEAD, OPTIONS")]
    [InlineData("POST", "/api/logs/stats", "GET, HEAD, OPTIONS")]
    [InlineData("GET", "/api/logs/batch", "POST, OPTIONS")]
    [InlineData("GET", "/api/logs/BATCH", "POST, OPTIONS")]
    [InlineData("PATCH", "/api/alerts/a1/resolve", "POST, OPTIONS")]
    [InlineData("POST", "/health", "GET, HEAD, OPTIONS")]
    [InlineData("TRACE", "/api/logs", "POST, GET, HEAD, OPTIONS")]
    [InlineData("PROPFIND", "/api/logs/42", "GET, HEAD, OPTIONS")]
    [InlineData("FROB", "/api/alerts/a1/resolve", "POST, OPTIONS")]
    public async Task Send_MethodThePathDoesNotTake_Returns405ProblemWithAllow(string method, string path, string allow)
    {
        var response = await Host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct);
        Assert.Equal(405, body.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("/api/logs", "POST, GET, HEAD, OPTIONS")]
    [InlineData("/api/alerts/a1/resolve", "POST, OPTIONS")]
    [InlineData("/health", "GET, HEAD, OPTIONS")]
    public async Task Send_PlainOptions_Returns204WithAllow(string path, string allow)
    {
        var response = await Host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, path), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_CorsPreflightWithTheHostsPolicy_IsAnsweredByCors(bool requireCors)
    {
        // The host's default policy, or a named one it puts on the API's endpoints with RequireCors.
        await using var host = await ApiHost.StartAsync(
            services: s => s.AddCors(o =>
            {
                if (requireCors)
                {
                    o.AddPolicy("api", p => p.WithOrigins(Origin).AllowAnyMethod().AllowAnyHeader());
                }
                else
                {
                    o.AddDefaultPolicy(p => p.WithOrigins(Origin).AllowAnyMethod().AllowAnyHeader());
                }
            }),
            app: a => a.UseCors(),
            endpoints: e => { if (requireCors) { e.RequireCors("api"); } });
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/logs");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        var response = await host.Client.SendAsync(preflight, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("FROB")]
    public async Task Send_MethodTheHostMapsOnTheSamePath_ReachesTheHost(string method)
    {
        await using var host = await ApiHost.StartAsync(app: a => a.MapMethods("/api/alerts/{alertId}", [method], (string alertId) => TypedResults.Ok(alertId)));

        var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/alerts/a1"), Ct);

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

    [Fact]
    public async Task Send_GetAndPostOnTheirPaths_ReachTheHandlers()
    {
        var post = await Post("/api/logs", """{"level":"info","message":"hello"}""");
        var get = await Host.Client.GetAsync("/api/logs", Ct);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK), (post.StatusCode, get.StatusCode));
        using var body = await Json(get);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("logs").ValueKind);
    }
}
