using LogAnalyzer.Alerts;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>NEW_PATTERN, LATENCY and PATTERN_SPIKE on generated traffic: each fires on its incident and stays quiet on look-alikes.</summary>
public sealed class AlertRulesTests
{
    [Theory]
    [InlineData(0.023, "2.3%")]
    [InlineData(0.058, "5.8%")]
    [InlineData(0.000342, "0.034%")]
    [InlineData(0.0000012, "0.00012%")]
    [InlineData(0.000000012, "0.0000012%")]
    [InlineData(0.0, "0.0%")]
    public void Percent_ErrorRate_ReadsAsTheSeedsAndNeverRoundsARiseAway(double rate, string text) =>
        Assert.Equal(text, ErrorSpikeRule.Percent(rate));

    [Fact]
    public async Task NewPatternRule_ErrorPatternNeverSeenBefore_RaisesOneAlertForThatPattern()
    {
        await using var s = await AlertScenario.StartAsync(rules: [new NewPatternRule()]);
        await s.TrafficAsync(minutes: 90, perMinute: 30, failureShare: 0.02);
        await s.TrafficAsync(minutes: 5, perMinute: 30, failureShare: 0.02, shape: e => InventoryLock(e, s.Random));

        await s.EvaluateAndWaitAsync();
        var alert = Assert.Single(await s.EvaluateAsync());

        Assert.Equal("NEW_PATTERN:p_inventory_lock", alert.Fingerprint);
        Assert.Equal("New Error Pattern: Inventory lock timeout on <*>", alert.Title);
        Assert.Equal(["p_inventory_lock"], alert.PatternIds);
        Assert.True(alert.AffectedLogs >= s.Options.Alerts.NewPatternMinimumCount);
    }

    [Fact]
    public async Task NewPatternRule_PatternFirstSeenWhileLearning_RaisesNothing()
    {
        await using var s = await AlertScenario.StartAsync(rules: [new NewPatternRule()]);
        await s.TrafficAsync(minutes: 20, perMinute: 30, failureShare: 0.02);
        await s.TrafficAsync(minutes: 5, perMinute: 30, failureShare: 0.02, shape: e => InventoryLock(e, s.Random));

        Assert.Empty(await s.EvaluateAndWaitAsync());
        Assert.Empty(await s.EvaluateAsync());
    }

    [Fact]
    public async Task LatencyRule_EndpointTurnsSlow_RaisesForThatEndpointWithItsSlowRequests()
    {
        await using var s = await AlertScenario.StartAsync(rules: [new LatencyRule()]);
        await s.TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.01);
        await s.TrafficAsync(minutes: 5, perMinute: 100, failureShare: 0.01, shape: e => Slow(e, "/api/search", s.Random));

        await s.EvaluateAndWaitAsync();
        var alert = Assert.Single(await s.EvaluateAsync());

        Assert.Equal("LATENCY:/api/search", alert.Fingerprint);
        Assert.StartsWith("Latency Degradation: /api/search (p95 ", alert.Title, StringComparison.Ordinal);
        Assert.Matches(@"rose from 1\d\d ms to \d,?\d\d\d ms", alert.Description);
        Assert.Equal(["/api/search"], alert.Endpoints);
        Assert.InRange(alert.AffectedLogs, 50, 120);
    }

    [Fact]
    public async Task LatencyRule_SlowerButUnderTheFloor_RaisesNothing()
    {
        await using var s = await AlertScenario.StartAsync(rules: [new LatencyRule()]);
        await s.TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.01, shape: e => { e.ResponseTime /= 10; return e; });
        await s.TrafficAsync(minutes: 5, perMinute: 100, failureShare: 0.01, shape: e => { e.ResponseTime = e.Endpoint == "/api/search" ? e.ResponseTime * 1.2 : e.ResponseTime / 10; return e; });

        Assert.Empty(await s.EvaluateAndWaitAsync());
        Assert.Empty(await s.EvaluateAsync());
    }

    [Fact]
    public async Task PatternSpikeRule_WarningPatternSurges_RaisesForThatPattern()
    {
        await using var s = await AlertScenario.StartAsync(rules: [new PatternSpikeRule()]);
        await s.TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.01);
        await s.TrafficAsync(minutes: 5, perMinute: 100, failureShare: 0.01, shape: e => s.Random.NextDouble() < 0.15 ? SlowCache(e) : e);

        await s.EvaluateAndWaitAsync();
        var alert = Assert.Single(await s.EvaluateAsync());

        Assert.Equal("PATTERN_SPIKE:p_slow_cache", alert.Fingerprint);
        Assert.Matches(@"^Pattern Spike \(×\d+(\.\d)?\): Slow cache response$", alert.Title);
        Assert.Equal(["p_slow_cache"], alert.PatternIds);
    }

    [Fact]
    public async Task PatternSpikeRule_AllTrafficTriples_RaisesNothing()
    {
        await using var s = await AlertScenario.StartAsync(rules: [new PatternSpikeRule()]);
        await s.TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.01);
        await s.TrafficAsync(minutes: 5, perMinute: 300, failureShare: 0.01);

        Assert.Empty(await s.EvaluateAndWaitAsync());
        Assert.Empty(await s.EvaluateAsync());
    }

    private static LogEntry InventoryLock(LogEntry entry, Random random)
    {
        if (random.NextDouble() < 0.2)
        {
            entry.Level = LogEntryLevel.Error;
            entry.Message = $"Inventory lock timeout on sku_{random.Next(100)}";
            entry.PatternId = "p_inventory_lock";
            entry.Template = "Inventory lock timeout on <*>";
        }

        return entry;
    }

    private static LogEntry Slow(LogEntry entry, string endpoint, Random random)
    {
        if (entry.Endpoint == endpoint)
        {
            entry.ResponseTime = 800 + random.Next(400);
        }

        return entry;
    }

    private static LogEntry SlowCache(LogEntry entry)
    {
        entry.Level = LogEntryLevel.Warning;
        entry.Message = "Slow cache response";
        entry.PatternId = "p_slow_cache";
        entry.Template = "Slow cache response";
        return entry;
    }
}
