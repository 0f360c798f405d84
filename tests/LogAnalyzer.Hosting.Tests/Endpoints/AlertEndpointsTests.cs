using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Endpoints;

public sealed class AlertEndpointsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ApiHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task AcknowledgeAndResolve_ActiveAlert_FollowTheLifecycleAndRefuseInvalidTransitions()
    {
        var alert = await SeedAsync();

        var acknowledged = await PostAsync($"/api/alerts/{alert.AlertId}/acknowledge", new { by = "ana" });
        var again = await PostAsync($"/api/alerts/{alert.AlertId}/acknowledge", new { by = "ana" });
        var resolved = await PostAsync($"/api/alerts/{alert.AlertId}/resolve", new { by = "ana", note = "restarted the gateway client" });
        var resolvedAgain = await PostAsync($"/api/alerts/{alert.AlertId}/resolve", new { });

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("acknowledged", (await acknowledged.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("alert").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, resolvedAgain.StatusCode);
        var stored = await _host.Services.GetRequiredService<IAlertStore>().GetAsync(alert.AlertId, Ct);
        Assert.Equal((AlertStatus.Resolved, "ana", "restarted the gateway client"), (stored!.Status, stored.ResolvedBy, stored.ResolutionNote));
    }

    [Theory]
    [InlineData("by")]
    [InlineData("note")]
    public async Task Resolve_TextHoldingNul_Returns400NamingItAndChangesNothing(string field)
    {
        var alert = await SeedAsync();

        var response = await _host.Client.PostAsync(
            $"/api/alerts/{alert.AlertId}/resolve", new StringContent($$"""{"{{field}}":"a\u0000b"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(AlertStatus.Active, (await _host.Services.GetRequiredService<IAlertStore>().GetAsync(alert.AlertId, Ct))!.Status);
    }

    [Fact]
    public async Task Acknowledge_UnknownAlert_Returns404ProblemDetails()
    {
        var response = await PostAsync("/api/alerts/nope/acknowledge", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetAlerts_Filters_ListsMatchingAlertsAndRejectsBadValuesByName()
    {
        var alert = await SeedAsync();

        var all = await _host.Client.GetFromJsonAsync<JsonElement>("/api/alerts?hours=1&limit=10", Ct);
        var resolved = await _host.Client.GetFromJsonAsync<JsonElement>("/api/alerts?status=resolved", Ct);
        var bad = await _host.Client.GetAsync("/api/alerts?status=sleeping&limit=0", Ct);

        var listed = Assert.Single(all.GetProperty("alerts").EnumerateArray());
        Assert.Equal(alert.AlertId, listed.GetProperty("alertId").GetString());
        Assert.Equal("HIGH", listed.GetProperty("severity").GetString());
        Assert.Equal(12, listed.GetProperty("affectedUsers").GetInt64());
        Assert.Empty(resolved.GetProperty("alerts").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task GetAlert_AfterAcknowledgeAndResolve_ReturnsTheAlertWithItsHistoryAndSeedFields()
    {
        var alert = await SeedAsync();
        await PostAsync($"/api/alerts/{alert.AlertId}/acknowledge", new { by = "ana" });
        await PostAsync($"/api/alerts/{alert.AlertId}/resolve", new { by = "bo", note = "failed over to the backup gateway" });

        var body = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.AlertId}", Ct);
        var unknown = await _host.Client.GetAsync("/api/alerts/nope", Ct);

        var shown = body.GetProperty("alert");
        Assert.Equal("resolved", shown.GetProperty("status").GetString());
        Assert.Equal("$650.00", shown.GetProperty("estimatedRevenueLoss").GetString());
        Assert.Equal("Check /api/payment now", shown.GetProperty("suggestedAction").GetString());
        Assert.Equal("Fail over", shown.GetProperty("runbook")[0].GetProperty("step").GetString());
        var history = body.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["raised", "acknowledged", "resolved"], history.Select(h => h.GetProperty("change").GetString()));
        Assert.Equal("ana", history[1].GetProperty("by").GetString());
        Assert.Equal(("bo", "failed over to the backup gateway"), (history[2].GetProperty("by").GetString(), history[2].GetProperty("note").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Resolve_TwentyAtOnce_ExactlyOneAppliesAndTheHistorySaysWhenItHappened()
    {
        var alert = await SeedAsync();
        // Later than the raise, and sooner than an evaluation (which would find the condition gone).
        _host.Time.Advance(TimeSpan.FromSeconds(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PostAsync($"/api/alerts/{alert.AlertId}/resolve", new { by = $"worker{i}" })));

        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) == 1, string.Join(",", answers.Select(a => (int)a.StatusCode)));
        Assert.Equal(19, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var store = _host.Services.GetRequiredService<IAlertStore>();
        var history = await store.GetHistoryAsync(alert.AlertId, Ct);
        Assert.Equal(["raised", "resolved"], history.Select(h => h.Change));
        // Stored to the microsecond.
        Assert.Equal(_host.Time.GetUtcNow(), history[1].At, TimeSpan.FromMilliseconds(1));
        Assert.Equal(history[1].At, (await store.GetAsync(alert.AlertId, Ct))!.ResolvedAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    private async Task<Alert> SeedAsync()
    {
        var now = _host.Time.GetUtcNow();
        var alert = PaymentAlert.Create(now) with
        {
            SuggestedAction = "Check /api/payment now",
            Runbook = [new RunbookStep("Fail over", "configured")],
        };
        await _host.Services.GetRequiredService<IAlertStore>().SaveAsync(alert, "raised", Ct);
        return alert;
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body) =>
        _host.Client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), Ct);
}
