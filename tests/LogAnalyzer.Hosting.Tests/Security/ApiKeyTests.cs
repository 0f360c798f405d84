using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Tests.Security;

public sealed class ApiKeyTests
{
    private const string IngestKey = "ingest-key-0123456789abcdef";
    private const string ReadKey = "read-key-0123456789abcdef";
    private const string ManageKey = "manage-key-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object OneLog = new { level = "ERROR", message = "Payment gateway timeout", service = "checkout" };

    private static Task<ApiHost> StartWithScopedKeysAsync(Action<IServiceCollection>? services = null) => ApiHost.StartAsync(
        o => o.Security.ApiKeys =
        [
            new ApiKeyOptions { Key = IngestKey, Scopes = [ApiKeyScopes.Ingest] },
            new ApiKeyOptions { Key = ReadKey, Scopes = ["Read"] },
            new ApiKeyOptions { Key = ManageKey, Scopes = [ApiKeyScopes.Manage] },
        ],
        services);

    [Fact]
    public async Task Request_NoKeyConfigured_IsServedWithoutKey()
    {
        await using var host = await ApiHost.StartAsync();

        var response = await host.Client.GetAsync("/api/logs", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithoutKey_Returns401ProblemWithWwwAuthenticate()
    {
        await using var host = await StartWithScopedKeysAsync();

        var response = await host.Client.GetAsync("/api/logs", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ApiKey realm=\"LogAnalyzer\", header=\"X-Api-Key\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("Send an API key in the X-Api-Key header.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Request_UnknownKey_Returns401AndStoresNothing()
    {
        await using var host = await StartWithScopedKeysAsync();

        var response = await SendAsync(host, HttpMethod.Post, "/api/logs", IngestKey + "x", OneLog);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The API key in the X-Api-Key header is not valid.", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(0, (await host.Store.GetStatsAsync(0, Ct)).Total);
    }

    [Fact]
    public async Task Request_TwoKeyHeaders_Returns401AskingForOne()
    {
        await using var host = await StartWithScopedKeysAsync();

        // HttpClient joins repeated values of a header into one line; a client that repeats the line needs a socket.
        var address = host.Client.BaseAddress!;
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port, Ct);
        await using var stream = socket.GetStream();
        var request = $"GET /api/logs HTTP/1.1\r\nHost: {address.Authority}\r\nX-Api-Key: {ReadKey}\r\nX-Api-Key: {ReadKey}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), Ct);
        var response = await new StreamReader(stream).ReadToEndAsync(Ct);

        Assert.StartsWith("HTTP/1.1 401", response, StringComparison.Ordinal);
        Assert.Contains("Send one API key in one X-Api-Key header; this request has 2.", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/logs", IngestKey, "read")]
    [InlineData("POST", "/api/ai/search", IngestKey, "read")]
    [InlineData("POST", "/api/logs", ReadKey, "ingest")]
    [InlineData("POST", "/api/logs/batch", ManageKey, "ingest")]
    [InlineData("POST", "/api/alerts/a-1/acknowledge", ReadKey, "manage")]
    [InlineData("POST", "/api/alerts/a-1/resolve", IngestKey, "manage")]
    [InlineData("GET", "/api/alerts", ManageKey, "read")]
    public async Task Request_KeyWithoutTheScope_Returns403NamingTheScope(string method, string path, string key, string scope)
    {
        await using var host = await StartWithScopedKeysAsync();

        var response = await SendAsync(host, new HttpMethod(method), path, key, new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"The API key does not have the '{scope}' scope this endpoint needs.", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Request_KeyWithTheScope_IsServed()
    {
        await using var host = await StartWithScopedKeysAsync();

        var ingest = await SendAsync(host, HttpMethod.Post, "/api/logs", IngestKey, OneLog);
        var read = await SendAsync(host, HttpMethod.Get, "/api/logs", ReadKey);
        var search = await SendAsync(host, HttpMethod.Post, "/api/ai/search", ReadKey, new { query = "payment errors" });
        // The alert does not exist: a 404 shows the key was admitted to the handler.
        var manage = await SendAsync(host, HttpMethod.Post, "/api/alerts/a-1/acknowledge", ManageKey, new { by = "ana" });

        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, manage.StatusCode);
    }

    [Fact]
    public async Task ApiKey_SetByConfigurationKey_GrantsEveryScope()
    {
        const string key = "one-key-from-configuration-0123";
        await using var host = await ApiHost.StartAsync(settings: new Dictionary<string, string?> { ["LogAnalyzer:Security:ApiKey"] = key });

        var without = await host.Client.GetAsync("/api/logs", Ct);
        var ingest = await SendAsync(host, HttpMethod.Post, "/api/logs", key, OneLog);
        var read = await SendAsync(host, HttpMethod.Get, "/api/logs/stats", key);
        var manage = await SendAsync(host, HttpMethod.Post, "/api/alerts/a-1/resolve", key, new { });

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, manage.StatusCode);
    }

    [Fact]
    public async Task ApiKeys_SetByConfigurationList_BindKeysAndScopes()
    {
        await using var host = await ApiHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["LogAnalyzer:Security:ApiKeys:0:Key"] = ReadKey,
            ["LogAnalyzer:Security:ApiKeys:0:Scopes:0"] = "read",
        });

        var read = await SendAsync(host, HttpMethod.Get, "/api/logs", ReadKey);
        var ingest = await SendAsync(host, HttpMethod.Post, "/api/logs", ReadKey, OneLog);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ingest.StatusCode);
    }

    [Fact]
    public async Task Health_KeysConfigured_StaysOpen()
    {
        await using var host = await StartWithScopedKeysAsync();

        var response = await host.Client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Keys_WrongOrRight_NeverAppearInResponsesOrLogs()
    {
        var logs = new CapturedLogs();
        await using var host = await StartWithScopedKeysAsync(s => s.AddSingleton<ILoggerProvider>(logs));
        const string wrong = "guess-" + ReadKey;

        var texts = new List<string>();
        foreach (var (key, method, path) in new[] { (wrong, HttpMethod.Get, "/api/logs"), (ReadKey, HttpMethod.Post, "/api/logs"), (ReadKey, HttpMethod.Get, "/api/logs?limit=0"), (IngestKey, HttpMethod.Post, "/api/logs") })
        {
            var response = await SendAsync(host, method, path, key, new { level = "NOPE" });
            texts.Add(response.Headers + response.Content.Headers.ToString() + await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.Equal(4, texts.Count);
        Assert.NotEmpty(logs.Lines);
        foreach (var text in texts.Concat(logs.Lines))
        {
            Assert.DoesNotContain("0123456789abcdef", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_ShortKey_FailsNamingTheSettingWithoutTheKey()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => ApiHost.StartAsync(o => o.Security.ApiKeys = [new ApiKeyOptions { Key = "tiny-secret", Scopes = ["write"] }]));

        Assert.Contains("LogAnalyzer:Security:ApiKeys:0:Key must be at least 16 characters (not counting surrounding spaces); it has 11.", error.Failures);
        Assert.Contains("LogAnalyzer:Security:ApiKeys:0:Scopes holds 'write'; a scope is one of ingest, read, manage.", error.Failures);
        Assert.DoesNotContain("tiny-secret", error.Message, StringComparison.Ordinal);
    }

    internal static Task<HttpResponseMessage> SendAsync(ApiHost host, HttpMethod method, string path, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (body is not null && method != HttpMethod.Get)
        {
            request.Content = JsonContent.Create(body);
        }

        return host.Client.SendAsync(request, Ct);
    }
}
