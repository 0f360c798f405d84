using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>The built-in webhook notifier against a real loopback receiver, with the alert engine and API of a real host.</summary>
public sealed class WebhookNotifierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhook_AlertLifecycle_ReceivesEachChangeInOrderAsJson()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var rule = new BacklogRule { Severity = "LOW" };
        await using var host = await ApiHost.StartAsync(
            options =>
            {
                options.Alerts.Webhook.Url = receiver.Url;
                options.Alerts.Cooldown = TimeSpan.Zero;
            },
            services => services.AddSingleton<IAlertRule>(rule));
        var engine = host.Services.GetRequiredService<AlertEngine>();

        await engine.EvaluateAsync(Ct);
        var raised = Assert.Single(await engine.EvaluateAsync(Ct));
        rule.Severity = "HIGH";
        await engine.EvaluateAsync(Ct);
        var acknowledged = await host.Client.PostAsJsonAsync($"/api/alerts/{raised.AlertId}/acknowledge", new { by = "ana" }, Ct);
        rule.Severity = null;
        for (var i = 0; i < 3; i++)
        {
            await engine.EvaluateAsync(Ct);
        }

        rule.Severity = "MEDIUM";
        await engine.EvaluateAsync(Ct);
        var reopened = Assert.Single(await engine.EvaluateAsync(Ct));
        var resolved = await host.Client.PostAsJsonAsync($"/api/alerts/{reopened.AlertId}/resolve", new { by = "ana", note = "Scaled the order workers" }, Ct);

        var received = new List<JsonElement>();
        for (var i = 0; i < 6; i++)
        {
            received.Add(await receiver.NextAsync());
        }

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(
            ["raised", "escalated", "acknowledged", "cleared", "reopened", "resolved"],
            received.Select(b => b.GetProperty("event").GetString()));
        Assert.Equal(
            [raised.AlertId, raised.AlertId, raised.AlertId, raised.AlertId, reopened.AlertId, reopened.AlertId],
            received.Select(b => b.GetProperty("alert").GetProperty("alertId").GetString()));
        var escalated = received[1].GetProperty("alert");
        Assert.Equal("HIGH", escalated.GetProperty("severity").GetString());
        Assert.Equal("Investigate the condition that raised this alert", escalated.GetProperty("suggestedAction").GetString());
        Assert.True(escalated.GetProperty("runbook").GetArrayLength() > 0);
        Assert.Equal("ana", received[2].GetProperty("alert").GetProperty("acknowledgedBy").GetString());
        Assert.Equal("condition cleared", received[3].GetProperty("alert").GetProperty("resolutionNote").GetString());
        Assert.Equal(raised.AlertId, received[4].GetProperty("alert").GetProperty("regressionOf").GetString());
        Assert.Equal("Scaled the order workers", received[5].GetProperty("alert").GetProperty("resolutionNote").GetString());
    }

    [Fact]
    public async Task Webhook_SlackFormatAndMinimumSeverity_SendsTextForHighAlertsOnly()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var rule = new BacklogRule { Severity = "LOW" };
        await using var host = await ApiHost.StartAsync(
            options =>
            {
                options.Alerts.Webhook.Url = receiver.Url;
                options.Alerts.Webhook.Format = "slack";
                options.Alerts.Webhook.MinimumSeverity = "HIGH";
            },
            services => services.AddSingleton<IAlertRule>(rule));
        var engine = host.Services.GetRequiredService<AlertEngine>();

        await engine.EvaluateAsync(Ct);
        var raised = Assert.Single(await engine.EvaluateAsync(Ct));
        rule.Severity = "CRITICAL";
        await engine.EvaluateAsync(Ct);

        var body = await receiver.NextAsync();
        var text = body.GetProperty("text").GetString()!;
        Assert.Equal(["text"], body.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("*[CRITICAL] Order queue backlog* — escalated\nThe order queue is growing\n", text, StringComparison.Ordinal);
        Assert.Contains("Suggested action: Investigate the condition that raised this alert", text, StringComparison.Ordinal);
        Assert.EndsWith($"Alert {raised.AlertId}", text, StringComparison.Ordinal);
    }

    /// <summary>A custom rule the test turns on, off and up.</summary>
    private sealed class BacklogRule : IAlertRule
    {
        public string? Severity { get; set; }

        public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AlertCondition>>(Severity is { } severity
                ? [new AlertCondition("QUEUE_BACKLOG", "orders", severity, "Order queue backlog", "The order queue is growing")]
                : []);
    }
}
