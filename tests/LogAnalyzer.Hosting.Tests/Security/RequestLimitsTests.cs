using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace LogAnalyzer.Tests.Security;

/// <summary>Body size limits, compression, security headers and what a failure tells the client.</summary>
public sealed class RequestLimitsTests
{
    private const int BodyLimit = 2_048;
    private const string InternalText = "SQLite Error 14: unable to open '/srv/secret/logs.db'";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object BatchOf(int count) => new { logs = Enumerable.Range(0, count).Select(i => new { level = "INFO", message = $"Order {i} shipped to the warehouse" }).ToArray() };

    [Fact]
    public async Task PostBatch_ContentLengthOverTheLimit_Returns413ProblemAndStoresNothing()
    {
        await using var host = await ApiHost.StartAsync(o => o.Security.MaxRequestBodySize = BodyLimit);
        var json = JsonSerializer.Serialize(BatchOf(100));

        var response = await host.Client.PostAsync("/api/logs/batch", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.True(json.Length > BodyLimit);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The body may be at most 2048 bytes (LogAnalyzer:Security:MaxRequestBodySize).", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(0, (await host.Store.GetStatsAsync(0, Ct)).Total);
    }

    [Fact]
    public async Task PostBatch_BodyOverTheDefaultTenMegabytes_Returns413ProblemNamingTheLimit()
    {
        await using var host = await ApiHost.StartAsync();
        using var body = new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await host.Client.PostAsync("/api/logs/batch", body, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The body may be at most 10485760 bytes (LogAnalyzer:Security:MaxRequestBodySize).", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostBatch_ChunkedBodyOverTheLimit_Returns413ProblemAndStoresNothing()
    {
        await using var host = await ApiHost.StartAsync(o => o.Security.MaxRequestBodySize = BodyLimit);

        // JsonContent has no length up front, so it is sent chunked and the limit is met while reading.
        var response = await host.Client.PostAsync("/api/logs/batch", JsonContent.Create(BatchOf(100)), Ct);
        var small = await host.Client.PostAsync("/api/logs/batch", JsonContent.Create(BatchOf(2)), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
    }

    [Fact]
    public async Task GetLogs_ClientAcceptsGzip_ReturnsGzipThatDecodesToTheJson()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Client.PostAsync("/api/logs/batch", JsonContent.Create(BatchOf(20)), Ct);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/logs/stats");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var response = await host.Client.SendAsync(request, Ct);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(Ct), CompressionMode.Decompress);
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(gzip, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.True(body.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task GetLogs_CompressionOff_ReturnsPlainJson()
    {
        await using var host = await ApiHost.StartAsync(o => o.Security.ResponseCompression = false);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/logs");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var response = await host.Client.SendAsync(request, Ct);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("/api/logs", HttpStatusCode.OK)]
    [InlineData("/api/logs?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/health", HttpStatusCode.OK)]
    public async Task Response_AnyLogAnalyzerEndpoint_CarriesSecurityHeaders(string path, HttpStatusCode status)
    {
        await using var host = await ApiHost.StartAsync();

        var response = await host.Client.GetAsync(path, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task Response_SecurityHeadersOff_CarriesNone()
    {
        await using var host = await ApiHost.StartAsync(o => o.Security.SecurityHeaders = false);

        var response = await host.Client.GetAsync("/api/logs", Ct);

        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Request_StoreThrowsInProduction_Returns500ProblemWithoutInternalDetail()
    {
        var logs = new CapturedLogs();
        await using var host = await ApiHost.StartAsync(services: s =>
        {
            s.AddSingleton(FailingAlertStore());
            s.AddSingleton<ILoggerProvider>(logs);
        });

        var response = await host.Client.GetAsync("/api/alerts", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var after = await host.Client.GetAsync("/api/logs", Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("The request failed. The server's log has the details under this trace id.", problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains(" 6001 ", StringComparison.Ordinal) && l.Contains(InternalText, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Request_StoreThrowsInDevelopment_Returns500ProblemWithTheException()
    {
        await using var host = await ApiHost.StartAsync(services: s => s.AddSingleton(FailingAlertStore()), environment: Environments.Development);

        var response = await host.Client.GetAsync("/api/alerts", Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.StartsWith("System.InvalidOperationException: " + InternalText, detail, StringComparison.Ordinal);
    }

    private static IAlertStore FailingAlertStore()
    {
        var store = Substitute.For<IAlertStore>();
        store.ListAsync(default, default, default, default, default).ReturnsForAnyArgs(Task.FromException<IReadOnlyList<Alert>>(new InvalidOperationException(InternalText)));
        return store;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
