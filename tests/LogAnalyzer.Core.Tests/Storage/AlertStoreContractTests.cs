using LogAnalyzer.Alerts;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// What every store that keeps alerts and pattern analyses must do (<see cref="IAlertStore"/>,
/// <see cref="IPatternAnalysisStore"/>). A store's test class inherits this unchanged; each test gets a new, empty,
/// initialized store.
/// </summary>
public abstract class AlertStoreContractTests(TestStores stores) : StoreContract(stores)
{
    protected IAlertStore Alerts => (IAlertStore)Store;

    protected IPatternAnalysisStore Analyses => (IPatternAnalysisStore)Store;

    [Fact]
    public async Task GetWindowStatsAsync_Entries_CountsFailuresUsersEndpointsCitiesAndPatterns()
    {
        var entries = new List<LogEntry>();
        for (var i = 0; i < 20; i++)
        {
            var entry = Entries.Info($"GET /api/cart {i}", i);
            (entry.Endpoint, entry.ResponseTime, entry.UserId, entry.SessionId) = ("/api/cart", i + 1, $"u{i % 3}", $"s{i % 3}");
            if (i < 4)
            {
                (entry.Level, entry.City, entry.PatternId, entry.Template) = (LogEntryLevel.Error, i < 3 ? "Paris" : "Lyon", "p-cart", "cart <*>");
            }

            entries.Add(entry);
        }

        var warning = Entries.Info("slow search", 30);
        (warning.Level, warning.Endpoint, warning.PatternId, warning.Template) = (LogEntryLevel.Warning, "/api/search", "p-old", "slow <*>");
        entries.Add(warning);
        entries.Add(Entries.Info("outside the window", 400));
        await Store.AppendAsync(entries, Ct);
        await ((IPatternStore)Store).RecordMergesAsync([new PatternMerge("p-old", "p-slow")], Ct);

        var stats = await Alerts.GetWindowStatsAsync(Entries.Start, Entries.Start.AddMinutes(5), Ct);

        Assert.Equal((21L, 4L, 3L, 3L), (stats.Total, stats.Failures, stats.FailedUsers, stats.FailedSessions));
        Assert.Equal(["Paris", "Lyon"], stats.FailedCities);
        Assert.Equal(
            [new EndpointStats("/api/cart", 20, 4, 3, 3, 20, 19), new EndpointStats("/api/search", 1, 0, 0, 0, 0, null)],
            stats.Endpoints.OrderBy(e => e.Endpoint, StringComparer.Ordinal));
        Assert.Equal(
            [new PatternWindowStats("p-cart", "cart <*>", 4, 4, Entries.Start), new PatternWindowStats("p-slow", "slow <*>", 1, 0, Entries.Start.AddSeconds(30))],
            stats.Patterns);
    }

    [Fact]
    public async Task GetWindowStatsAsync_NoEntries_ReturnsEmpty()
    {
        var stats = await Alerts.GetWindowStatsAsync(Entries.Start, Entries.Start.AddMinutes(5), Ct);

        Assert.Equal((0L, 0L), (stats.Total, stats.Failures));
        Assert.Empty(stats.Endpoints);
        Assert.Null(await Alerts.GetFirstEntryTimeAsync(Ct));
    }

    [Fact]
    public async Task GetFirstEntryTimeAsync_Entries_ReturnsTheOldest()
    {
        await Store.AppendAsync([Entries.Info("later", 50), Entries.Info("first", 3)], Ct);

        Assert.Equal(Entries.Start.AddSeconds(3), await Alerts.GetFirstEntryTimeAsync(Ct));
    }

    [Fact]
    public async Task SaveAsync_AlertThroughItsLifecycle_ListsItAndKeepsItsHistory()
    {
        var raised = Alert("a1", "fp-1", "active", "MEDIUM", 0);
        await Alerts.SaveAsync(raised, AlertEvents.Raised, Ct);
        var acknowledged = raised with { Status = "acknowledged", AcknowledgedBy = "ana", UpdatedAt = raised.UpdatedAt.AddMinutes(1) };
        await Alerts.SaveAsync(acknowledged, AlertEvents.Acknowledged, Ct);
        await Alerts.SaveAsync(acknowledged with { AffectedLogs = 9 }, null, Ct);
        await Alerts.SaveAsync(Alert("a2", "fp-2", "active", "HIGH", 5), AlertEvents.Raised, Ct);

        Assert.Equal(9, (await Alerts.GetAsync("a1", Ct))!.AffectedLogs);
        Assert.Null(await Alerts.GetAsync("missing", Ct));
        Assert.Equal(["a1", "a2"], (await Alerts.GetOpenAlertsAsync(Ct)).Select(a => a.AlertId).Order(StringComparer.Ordinal));
        Assert.Equal(["a2", "a1"], (await Alerts.ListAsync(Entries.Start, null, null, 10, Ct)).Select(a => a.AlertId));
        Assert.Equal(["a2"], (await Alerts.ListAsync(Entries.Start, "active", "HIGH", 10, Ct)).Select(a => a.AlertId));
        Assert.Equal(["a2"], (await Alerts.ListAsync(Entries.Start.AddMinutes(2), null, null, 10, Ct)).Select(a => a.AlertId));
        Assert.Equal(
            [
                new AlertChange(Entries.Start, AlertEvents.Raised, "active", "MEDIUM", null, null),
                new AlertChange(Entries.Start.AddMinutes(1), AlertEvents.Acknowledged, "acknowledged", "MEDIUM", "ana", null),
            ],
            await Alerts.GetHistoryAsync("a1", Ct));
    }

    [Fact]
    public async Task TrySaveAsync_TwoChangesFromOneReading_WritesOnlyTheFirst()
    {
        var raised = Alert("a1", "fp-1", "active", "MEDIUM", 0);
        await Alerts.SaveAsync(raised, AlertEvents.Raised, Ct);
        var byAna = raised with { Status = "resolved", ResolvedBy = "ana", UpdatedAt = raised.UpdatedAt.AddMinutes(1) };
        var byBo = raised with { Status = "resolved", ResolvedBy = "bo", UpdatedAt = raised.UpdatedAt.AddMinutes(2) };

        var first = await Alerts.TrySaveAsync(byAna, AlertEvents.Resolved, raised, Ct);
        var second = await Alerts.TrySaveAsync(byBo, AlertEvents.Resolved, raised, Ct);
        var missing = await Alerts.TrySaveAsync(Alert("gone", "fp-2", "resolved", "LOW", 0), AlertEvents.Resolved, Alert("gone", "fp-2", "active", "LOW", 0), Ct);

        Assert.Equal((true, false, false), (first, second, missing));
        Assert.Equal("ana", (await Alerts.GetAsync("a1", Ct))!.ResolvedBy);
        Assert.Null(await Alerts.GetAsync("gone", Ct));
        Assert.Equal([AlertEvents.Raised, AlertEvents.Resolved], (await Alerts.GetHistoryAsync("a1", Ct)).Select(c => c.Change));
    }

    [Fact]
    public async Task TrySaveAsync_ChangedMeanwhileWithTheSameStatus_WritesNothing()
    {
        var raised = Alert("a1", "fp-1", "active", "MEDIUM", 0);
        await Alerts.SaveAsync(raised, AlertEvents.Raised, Ct);
        var escalated = raised with { Severity = "HIGH", UpdatedAt = raised.UpdatedAt.AddMinutes(1) };
        Assert.True(await Alerts.TrySaveAsync(escalated, AlertEvents.Escalated, raised, Ct));

        var acknowledged = await Alerts.TrySaveAsync(raised with { Status = "acknowledged", UpdatedAt = raised.UpdatedAt.AddMinutes(2) }, AlertEvents.Acknowledged, raised, Ct);

        Assert.False(acknowledged);
        Assert.Equal(("active", "HIGH"), ((await Alerts.GetAsync("a1", Ct))!.Status, (await Alerts.GetAsync("a1", Ct))!.Severity));
    }

    [Fact]
    public async Task DeleteResolvedBeforeAsync_OldResolvedAlerts_DeletesThemAndTheirHistoryOnly()
    {
        await Alerts.SaveAsync(Alert("old", "fp", "resolved", "LOW", 0), AlertEvents.Resolved, Ct);
        await Alerts.SaveAsync(Alert("recent", "fp", "resolved", "LOW", 60), AlertEvents.Resolved, Ct);
        await Alerts.SaveAsync(Alert("open", "fp", "active", "LOW", 0), AlertEvents.Raised, Ct);

        Assert.Equal(["recent", "old"], (await Alerts.GetResolvedAsync("fp", 10, Ct)).Select(a => a.AlertId));
        Assert.Equal(1, await Alerts.DeleteResolvedBeforeAsync(Entries.Start.AddMinutes(30), Ct));

        Assert.Null(await Alerts.GetAsync("old", Ct));
        Assert.Empty(await Alerts.GetHistoryAsync("old", Ct));
        Assert.Equal(["recent"], (await Alerts.GetResolvedAsync("fp", 10, Ct)).Select(a => a.AlertId));
        Assert.Single(await Alerts.GetOpenAlertsAsync(Ct));
    }

    [Fact]
    public async Task SaveAnalysesAsync_ThenMerge_TheOldIdGetsTheNewPatternsAnalysis()
    {
        var entries = Entries.Many(3, "disk full");
        foreach (var e in entries)
        {
            (e.PatternId, e.Template, e.Level) = ("p-new", "disk <*>", LogEntryLevel.Error);
        }

        await Store.AppendAsync(entries, Ct);
        var analysis = new PatternAnalysis("p-new", "builtin", null, "Disk full", "No space", "The disk filled up", "HIGH", "infrastructure", ["Free space", "Add a volume"], Entries.Start, 3);
        await Analyses.SaveAnalysesAsync([analysis], Ct);
        await ((IPatternStore)Store).RecordMergesAsync([new PatternMerge("p-gone", "p-new")], Ct);

        var found = await Analyses.GetAnalysesAsync(["p-new", "p-unknown"], Ct);

        var stored = Assert.Single(found);
        Assert.Equal("p-new", stored.Key);
        Assert.Equal(analysis with { SuggestedFixes = [] }, stored.Value with { SuggestedFixes = [] });
        Assert.Equal(["Free space", "Add a volume"], stored.Value.SuggestedFixes);
    }

    [Fact]
    public async Task FindPatternsToAnalyseAsync_Patterns_AnomalousFirstThenFailuresAndSkipsAnalysed()
    {
        var entries = new List<LogEntry>();
        void Add(string pattern, LogEntryLevel level, int count, bool anomalous = false)
        {
            for (var i = 0; i < count; i++)
            {
                var e = Entries.Info($"{pattern} {i}", entries.Count);
                (e.PatternId, e.Template, e.Level, e.IsAnomaly) = (pattern, pattern + " <*>", level, anomalous && i == 0);
                entries.Add(e);
            }
        }

        Add("p-info", LogEntryLevel.Information, 50);
        Add("p-errors", LogEntryLevel.Error, 5);
        Add("p-anomalous", LogEntryLevel.Warning, 2, anomalous: true);
        Add("p-analysed", LogEntryLevel.Error, 9);
        await Store.AppendAsync(entries, Ct);
        await Analyses.SaveAnalysesAsync([new PatternAnalysis("p-analysed", "model", "m", "s", "r", "e", "HIGH", "c", [], Entries.Start, 9)], Ct);

        var found = await Analyses.FindPatternsToAnalyseAsync(Entries.Start, modelConfigured: false, limit: 10, Ct);

        Assert.Equal(
            [("p-anomalous", true, (long?)null), ("p-errors", false, null), ("p-info", false, null)],
            found.Select(p => (p.Pattern.Id, p.Anomalous, p.AnalysedAtCount)));
        Assert.Equal(5, found[1].Pattern.CountByLevel[LogEntryLevel.Error]);
    }

    [Fact]
    public async Task GetEvidenceAsync_PatternEntries_TalliesTheLastDay()
    {
        var now = Entries.Start.AddMinutes(90);
        var entries = new List<LogEntry>();
        for (var i = 0; i < 4; i++)
        {
            var e = Entries.Info(i < 2 ? "timeout A" : "timeout B", i * 30 * 60);
            (e.PatternId, e.Template, e.Endpoint, e.UserId, e.ResponseTime, e.AnomalyReasons) = ("p-t", "timeout <*>", "/api/pay", $"u{i % 2}", 100 * (i + 1), ["level"]);
            entries.Add(e);
        }

        await Store.AppendAsync(entries, Ct);
        var pattern = (await ((IPatternStore)Store).GetPatternAsync("p-t", Ct))!;

        var evidence = await Analyses.GetEvidenceAsync(pattern, now, samples: 5, Ct);

        Assert.Equal((3L, 1L, 2L), (evidence.LastHour, evidence.PreviousHour, evidence.AffectedUsers));
        Assert.Equal([new KeyValuePair<string, long>("/api/pay", 4)], evidence.TopEndpoints);
        Assert.Equal([new KeyValuePair<string, long>("level", 4)], evidence.AnomalyReasons);
        Assert.Equal((250.0, 400.0), (evidence.AverageResponseTime, evidence.P95ResponseTime));
        Assert.Equal(["timeout B", "timeout A"], evidence.Samples);
    }

    private static Alert Alert(string id, string fingerprint, string status, string severity, int minutesAfterStart) => new(
        id, "ERROR_SPIKE", fingerprint, severity, status, "Error Rate Spike Detected", "Error rate jumped", 5, 2, 2, ["/api/cart"], ["Paris"],
        Entries.Start.AddMinutes(minutesAfterStart), Entries.Start.AddMinutes(minutesAfterStart));
}
