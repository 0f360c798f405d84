using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LogAnalyzer.Tests.Endpoints;

public sealed class PatternEndpointsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ApiHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task PostLogs_FreeTextVariants_GroupIntoOnePatternListedByTheApi()
    {
        var logs = Enumerable.Range(0, 12).Select(i => new { level = "INFO", message = $"User user_{i} logged in from 10.0.0.{i} in {20 + i}ms" });
        await Post("/api/logs/batch", new { logs });

        var list = await _host.Client.GetFromJsonAsync<JsonElement>("/api/patterns", Ct);

        var pattern = Assert.Single(list.GetProperty("patterns").EnumerateArray());
        Assert.Equal(12, pattern.GetProperty("count").GetInt64());
        Assert.Equal(12, pattern.GetProperty("levels").GetProperty("INFO").GetInt64());
        var template = pattern.GetProperty("template").GetString()!;
        // Addresses are redacted before mining (Ai:Redaction:IpAddresses), so the template names what was there.
        Assert.StartsWith("User <*> logged in from [ip]", template, StringComparison.Ordinal);
        var id = pattern.GetProperty("id").GetString();
        var one = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/patterns/{id}", Ct);
        Assert.Equal(template, one.GetProperty("pattern").GetProperty("template").GetString());
        var page = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/logs?patternId={id}&limit=1", Ct);
        Assert.Equal(12, page.GetProperty("total").GetInt64());
        var log = page.GetProperty("logs")[0];
        Assert.Equal(id, log.GetProperty("patternId").GetString());
        Assert.Equal(template, log.GetProperty("template").GetString());
    }

    [Fact]
    public async Task PostLog_MessageTemplate_GroupsByTheTemplateAndScores()
    {
        await Post("/api/logs", new { level = "ERROR", message = "Payment 42 failed", messageTemplate = "Payment {PaymentId} failed", endpoint = "/api/payment" });
        await Post("/api/logs", new { level = "ERROR", message = "Payment 43 failed", messageTemplate = "Payment {PaymentId} failed", endpoint = "/api/payment" });

        var page = await _host.Client.GetFromJsonAsync<JsonElement>("/api/logs", Ct);

        var logs = page.GetProperty("logs").EnumerateArray().ToList();
        Assert.Equal(2, logs.Count);
        Assert.All(logs, l => Assert.Equal("Payment <*> failed", l.GetProperty("template").GetString()));
        Assert.Single(logs.Select(l => l.GetProperty("patternId").GetString()).Distinct());
        var reasons = logs[0].GetProperty("anomalyReasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("level", reasons);
        Assert.Contains("critical_endpoint", reasons);
        Assert.True(logs[0].GetProperty("anomalyScore").GetDouble() > 0.5);
    }

    [Fact]
    public async Task GetPattern_Unknown_Returns404Problem()
    {
        var response = await _host.Client.GetAsync("/api/patterns/0123456789abcdef", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task Post(string path, object body)
    {
        var response = await _host.Client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
