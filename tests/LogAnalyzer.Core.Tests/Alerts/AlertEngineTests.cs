using LogAnalyzer.Alerts;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>The built-in spike and critical-endpoint rules end to end, with impact, revenue and runbooks, under a fake clock.</summary>
public sealed class AlertEngineTests : IAsyncLifetime
{
    private AlertScenario _s = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _s = await AlertScenario.StartAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task EvaluateAsync_ErrorRateSpike_RaisesOneAlertKeepsUpdatingItAndClearsIt()
    {
        // No critical endpoint in this traffic: only the spike rule can fire.
        await _s.TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.02, withPayments: false);
        await _s.TrafficAsync(minutes: 5, perMinute: 100, failureShare: 0.20, withPayments: false);

        // Held once: pending (a one-window blip pages nobody); held again: raised; then updated.
        Assert.Empty(await _s.EvaluateAsync());
        await _s.TrafficAsync(minutes: 1, perMinute: 100, failureShare: 0.22, withPayments: false);
        var raised = Assert.Single(await _s.EvaluateAsync());
        await _s.TrafficAsync(minutes: 1, perMinute: 100, failureShare: 0.22, withPayments: false);
        var updated = Assert.Single(await _s.EvaluateAsync());
        await _s.TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.02, withPayments: false);
        var evaluations = new List<IReadOnlyList<Alert>>();
        for (var i = 0; i < 3; i++)
        {
            evaluations.Add(await _s.EvaluateAndWaitAsync());
        }

        Assert.Equal(ErrorSpikeRule.Type, raised.Type);
        Assert.StartsWith("Error Rate Spike Detected (+", raised.Title, StringComparison.Ordinal);
        Assert.Matches(@"^Error rate jumped from \d\.\d% to \d+\.\d% ", raised.Description);
        Assert.Equal(raised.AlertId, updated.AlertId);
        Assert.Empty(evaluations[0]);
        Assert.Empty(evaluations[1]);
        var cleared = Assert.Single(evaluations[2]);
        Assert.Equal((raised.AlertId, AlertStatus.Resolved, "system"), (cleared.AlertId, cleared.Status, cleared.ResolvedBy));
        Assert.Equal(["raised", "cleared"], await _s.HistoryAsync(raised.AlertId));
        Assert.Equal(["raised:ERROR_SPIKE", "cleared:ERROR_SPIKE"], await _s.NotifiedAsync());
        Assert.Empty(await _s.Store.GetOpenAlertsAsync(Ct));
    }

    [Fact]
    public async Task EvaluateAsync_SteadyDay_RaisesNothing()
    {
        var raised = new List<Alert>();
        for (var window = 0; window < 24 * 12; window++)
        {
            await _s.TrafficAsync(minutes: 5, perMinute: 60, failureShare: 0.02);
            raised.AddRange(await _s.EvaluateAsync());
        }

        Assert.True(raised.Count == 0, string.Join("; ", raised.Select(a => $"{a.Title}: {a.Description}")));
    }

    [Fact]
    public async Task EvaluateAsync_PaymentOutage_RaisesHighOrCriticalWithUsersRevenueAndRunbook()
    {
        await _s.TrafficAsync(minutes: 20, perMinute: 60, failureShare: 0.01, withPayments: false);
        await _s.PaymentOutageAsync(count: 30, users: 20, sessions: 25);
        _s.Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Empty(await _s.EvaluateAndWaitAsync());
        var alerts = await _s.EvaluateAsync();

        var payment = Assert.Single(alerts, a => a.Type == CriticalEndpointRule.Type);
        Assert.Equal("CRITICAL_ENDPOINT:/api/payment", payment.Fingerprint);
        Assert.Contains(payment.Severity, new[] { "HIGH", "CRITICAL" });
        Assert.Equal((30, 20, 25), (payment.AffectedLogs, payment.AffectedUsers, payment.AffectedSessions));
        Assert.Equal(["/api/payment"], payment.Endpoints);
        Assert.Equal(["Berlin", "London"], payment.Cities.Order());
        Assert.Equal(["PAYMENT_GATEWAY_TIMEOUT"], payment.ErrorCodes);
        Assert.Equal(["p_gateway_timeout"], payment.PatternIds);

        // 25 failed sessions on a revenue endpoint at the default $50 each.
        Assert.Equal(1_250m, payment.EstimatedRevenueLossAmount);
        Assert.Equal("$1,250.00", payment.EstimatedRevenueLoss);
        Assert.Equal("Critical Endpoint Failing: /api/payment", payment.Title);
        Assert.Equal("Check /api/payment and the services it depends on now", payment.SuggestedAction);
        Assert.Contains(payment.Runbook, step => step.Source == "built-in" && step.Step.Contains("/api/logs?endpoint=%2Fapi%2Fpayment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvaluateAsync_ConfiguredRunbookAndPatternFixes_ComeBeforeTheBuiltInSteps()
    {
        await using var s = await AlertScenario.StartAsync(options => options.Alerts.Runbooks.Add(new RunbookOptions
        {
            ErrorCode = "payment_gateway_timeout",
            Steps = ["Switch payments to the backup gateway", "Page the payments on-call"],
            Link = new Uri("https://wiki.example.com/runbooks/payments"),
        }));
        await s.Store.SaveAnalysesAsync(
            [new PatternAnalysis("p_gateway_timeout", "ai", "gpt-oss-120b", "Gateway timeouts", "The gateway is slow", "…", "HIGH", "dependency", ["Raise the gateway timeout to 10 s"], s.Time.GetUtcNow(), 30, null)],
            Ct);
        await s.TrafficAsync(minutes: 20, perMinute: 60, failureShare: 0.01, withPayments: false);
        await s.PaymentOutageAsync(count: 30, users: 20, sessions: 25);
        s.Time.Advance(TimeSpan.FromMinutes(3));

        await s.EvaluateAndWaitAsync();
        var payment = Assert.Single(await s.EvaluateAsync(), a => a.Type == CriticalEndpointRule.Type);

        Assert.Equal("Switch payments to the backup gateway", payment.SuggestedAction);
        Assert.Equal(
            ["configured", "configured", "ai", "built-in", "built-in", "built-in"],
            payment.Runbook.Select(step => step.Source));
        Assert.Equal(new Uri("https://wiki.example.com/runbooks/payments"), payment.Runbook[0].Link);
        Assert.Equal("Raise the gateway timeout to 10 s", payment.Runbook[2].Step);
    }
}
