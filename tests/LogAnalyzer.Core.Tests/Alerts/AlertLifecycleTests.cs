using LogAnalyzer.Alerts;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>Escalation, cooldown, regressions, learned runbooks, notifications and retention, driven by a custom rule under a fake clock.</summary>
public sealed class AlertLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EvaluateAsync_ActiveAlertNobodyAcknowledges_EscalatesOneStepPerEscalateAfter()
    {
        var rule = new SwitchRule { Severity = "LOW" };
        await using var s = await AlertScenario.StartAsync(rules: [rule]);

        await s.EvaluateAndWaitAsync();
        var raised = Assert.Single(await s.EvaluateAsync());
        s.Time.Advance(s.Options.Alerts.EscalateAfter);
        var medium = Assert.Single(await s.EvaluateAsync());
        s.Time.Advance(TimeSpan.FromMinutes(5));
        var unchanged = Assert.Single(await s.EvaluateAsync());
        s.Time.Advance(s.Options.Alerts.EscalateAfter);
        var high = Assert.Single(await s.EvaluateAsync());

        Assert.Equal(("LOW", null, 0), (raised.Severity, raised.SuggestedAction, raised.Runbook.Count));
        Assert.Equal(("MEDIUM", "MEDIUM", "HIGH"), (medium.Severity, unchanged.Severity, high.Severity));
        Assert.Equal("Investigate the condition that raised this alert", high.SuggestedAction);
        Assert.NotEmpty(high.Runbook);
        Assert.Equal(["raised", "escalated", "escalated"], await s.HistoryAsync(raised.AlertId));
        Assert.Equal(["raised:QUEUE_BACKLOG", "escalated:QUEUE_BACKLOG", "escalated:QUEUE_BACKLOG"], await s.NotifiedAsync());
    }

    [Fact]
    public async Task EvaluateAsync_AcknowledgedAlert_DoesNotEscalateWithTimeButDoesWhenTheConditionGrows()
    {
        var rule = new SwitchRule { Severity = "LOW" };
        await using var s = await AlertScenario.StartAsync(rules: [rule]);
        await s.EvaluateAndWaitAsync();
        var raised = Assert.Single(await s.EvaluateAsync());
        await s.Store.SaveAsync(raised with { Status = AlertStatus.Acknowledged, AcknowledgedBy = "ana", AcknowledgedAt = s.Time.GetUtcNow() }, AlertEvents.Acknowledged, Ct);

        s.Time.Advance(s.Options.Alerts.EscalateAfter * 3);
        var later = Assert.Single(await s.EvaluateAsync());
        rule.Severity = "CRITICAL";
        var grown = Assert.Single(await s.EvaluateAsync());

        Assert.Equal(("LOW", AlertStatus.Acknowledged), (later.Severity, later.Status));
        Assert.Equal("CRITICAL", grown.Severity);
        Assert.Equal(["raised", "acknowledged", "escalated"], await s.HistoryAsync(raised.AlertId));
    }

    [Fact]
    public async Task EvaluateAsync_ConditionReturnsWithinCooldown_RaisesNothingUntilTheCooldownHasPassed()
    {
        var rule = new SwitchRule { Severity = "MEDIUM" };
        await using var s = await AlertScenario.StartAsync(rules: [rule]);
        await s.EvaluateAndWaitAsync();
        var first = Assert.Single(await s.EvaluateAndWaitAsync());
        rule.Severity = null;
        for (var i = 0; i < s.Options.Alerts.ClearAfterEvaluations; i++)
        {
            await s.EvaluateAndWaitAsync();
        }

        rule.Severity = "MEDIUM";
        var duringCooldown = new List<Alert>();
        while (s.Time.GetUtcNow() < (await s.Store.GetAsync(first.AlertId, Ct))!.ResolvedAt + s.Options.Alerts.Cooldown)
        {
            duringCooldown.AddRange(await s.EvaluateAndWaitAsync());
        }

        var after = Assert.Single(await s.EvaluateAsync());

        Assert.Empty(duringCooldown);
        Assert.Equal(first.AlertId, after.RegressionOf);
        Assert.Equal(["reopened"], await s.HistoryAsync(after.AlertId));
    }

    [Fact]
    public async Task EvaluateAsync_RegressionAfterAManualResolution_ReopensAsANewAlertThatOffersTheResolutionNote()
    {
        await using var s = await AlertScenario.StartAsync();
        await s.TrafficAsync(minutes: 20, perMinute: 60, failureShare: 0.01, withPayments: false);
        await s.PaymentOutageAsync(count: 30, users: 20, sessions: 25);
        s.Time.Advance(TimeSpan.FromMinutes(3));
        await s.EvaluateAndWaitAsync();
        var first = Assert.Single(await s.EvaluateAsync(), a => a.Type == CriticalEndpointRule.Type);
        await s.Store.SaveAsync(
            first with { Status = AlertStatus.Resolved, ResolvedBy = "ana", ResolvedAt = s.Time.GetUtcNow(), ResolutionNote = "Restarted the gateway connection pool" },
            AlertEvents.Resolved,
            Ct);

        await s.TrafficAsync(minutes: 30, perMinute: 60, failureShare: 0.01, withPayments: false);
        await s.PaymentOutageAsync(count: 30, users: 20, sessions: 25);
        s.Time.Advance(TimeSpan.FromMinutes(3));
        await s.EvaluateAndWaitAsync();
        var second = Assert.Single(await s.EvaluateAsync(), a => a.Type == CriticalEndpointRule.Type);

        Assert.NotEqual(first.AlertId, second.AlertId);
        Assert.Equal(first.AlertId, second.RegressionOf);
        Assert.Equal(["reopened"], await s.HistoryAsync(second.AlertId));
        Assert.Equal("Last time this was fixed by: Restarted the gateway connection pool", second.SuggestedAction);
        var learned = Assert.Single(second.Runbook, step => step.Source == "learned");
        Assert.EndsWith("ana): Restarted the gateway connection pool", learned.Step, StringComparison.Ordinal);
        Assert.Contains("reopened:CRITICAL_ENDPOINT", await s.NotifiedAsync());
    }

    [Fact]
    public async Task EvaluateAsync_RegressionAfterReopenWithin_IsANewUnlinkedAlert()
    {
        var rule = new SwitchRule { Severity = "MEDIUM" };
        await using var s = await AlertScenario.StartAsync(rules: [rule]);
        await s.EvaluateAndWaitAsync();
        var first = Assert.Single(await s.EvaluateAsync());
        await s.Store.SaveAsync(first with { Status = AlertStatus.Resolved, ResolvedBy = "ana", ResolvedAt = s.Time.GetUtcNow() }, AlertEvents.Resolved, Ct);
        s.Time.Advance(s.Options.Alerts.ReopenWithin + TimeSpan.FromMinutes(1));

        await s.EvaluateAndWaitAsync();
        var second = Assert.Single(await s.EvaluateAsync());

        Assert.Null(second.RegressionOf);
        Assert.Equal(["raised"], await s.HistoryAsync(second.AlertId));
    }

    [Fact]
    public async Task EvaluateAsync_NotifierHangsOrThrows_EvaluationCompletesAndTheOtherNotifierStillReceives()
    {
        var rule = new SwitchRule { Severity = "HIGH" };
        var hanging = new HangingNotifier();
        var recording = new RecordingNotifier();
        await using var s = await AlertScenario.StartAsync(rules: [rule], notifiers: [hanging, new ThrowingNotifier(), recording]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var delivering = s.Dispatcher.RunAsync(stop.Token);

        // Every evaluation completes although the first notifier never answers.
        await s.EvaluateAndWaitAsync();
        var raised = Assert.Single(await s.EvaluateAndWaitAsync());
        rule.Severity = null;
        for (var i = 0; i < s.Options.Alerts.ClearAfterEvaluations; i++)
        {
            await s.EvaluateAndWaitAsync();
        }

        // Each hanging delivery is cut at the webhook timeout (on the fake clock); then the others run.
        for (var notification = 0; notification < 2; notification++)
        {
            await hanging.Started.WaitAsync(Ct);
            s.Time.Advance(s.Options.Alerts.Webhook.Timeout);
        }

        await recording.WaitForAsync(2);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivering);
        Assert.Equal([AlertEvents.Raised, AlertEvents.Cleared], recording.Received.Select(n => n.Event));
        Assert.All(recording.Received, n => Assert.Equal(raised.AlertId, n.Alert.AlertId));
    }

    private sealed class HangingNotifier : IAlertNotifier
    {
        private readonly SemaphoreSlim _started = new(0);

        public SemaphoreSlim Started => _started;

        public async Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
        {
            _started.Release();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    private sealed class ThrowingNotifier : IAlertNotifier
    {
        public Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken) =>
            throw new HttpRequestException("The receiver is down.");
    }
}
