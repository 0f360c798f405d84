using LogAnalyzer.Alerts;
using LogAnalyzer.Hosting.Retention;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LogAnalyzer.Tests.Retention;

public sealed class RetentionServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2026-11-28T02:59:00Z", "03:00", 24, "2026-11-28T03:00:00Z")]
    [InlineData("2026-11-28T03:00:00Z", "03:00", 24, "2026-11-29T03:00:00Z")]
    [InlineData("2026-11-28T15:00:00Z", "03:00", 24, "2026-11-29T03:00:00Z")]
    [InlineData("2026-11-28T15:10:00Z", "03:00", 6, "2026-11-28T21:00:00Z")]
    [InlineData("2026-11-28T01:10:00Z", "03:00", 6, "2026-11-28T03:00:00Z")]
    [InlineData("2026-11-28T00:30:00Z", "03:00", 1, "2026-11-28T01:00:00Z")]
    public void NextRun_Schedule_IsTheFirstScheduledTimeAfterNow(string now, string runAt, int intervalHours, string expected)
    {
        var retention = new RetentionOptions { RunAt = TimeOnly.Parse(runAt, System.Globalization.CultureInfo.InvariantCulture), Interval = TimeSpan.FromHours(intervalHours) };

        var next = RetentionService.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc, retention);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextRun_LocalTimeZone_RunsAtThreeInThatZone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+05:30", TimeSpan.FromHours(5.5), "UTC+05:30", "UTC+05:30");

        var next = RetentionService.NextRun(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), zone, new RetentionOptions());

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 21, 30, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public async Task ExecuteAsync_ScheduledTimePasses_DeletesEntriesOlderThanSevenDaysAndKeepsTheRest()
    {
        await using var host = await ApiHost.StartAsync();
        var started = host.Time.GetUtcNow();
        var expired = Entries.Many(30, "expired");
        expired.ForEach(e => e.Timestamp = started.AddDays(-7));
        var kept = Entries.Many(20, "kept");
        kept.ForEach(e => e.Timestamp = started.AddDays(-5));
        await host.Store.AppendAsync(expired, Ct);
        await host.Store.AppendAsync(kept, Ct);

        // The service starts on a thread of its own: advancing the clock before its timer exists would leave the timer
        // a day further on.
        var service = host.Services.GetServices<IHostedService>().OfType<RetentionService>().Single();
        await Eventually.True(() => service.NextRunAt is not null, "the service waits for its first run");

        // The next 03:00 lies within a day of the start: the cleanup runs once on the way.
        host.Time.Advance(TimeSpan.FromDays(1));
        await Eventually.True(async () => (await host.Store.QueryAsync(new LogQuery(), Ct)).Total == 20, "the cleanup ran");

        var left = await host.Store.QueryAsync(new LogQuery { Limit = 100 }, Ct);
        Assert.All(left.Entries, e => Assert.StartsWith("kept", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnceAsync_MoreThanOneBatch_DeletesEveryExpiredEntryAndResolvedAlertsPastTheirRetention()
    {
        await using var host = await ApiHost.StartAsync(o => o.Retention.BatchSize = 7);
        var now = host.Time.GetUtcNow();
        var expired = Entries.Many(30, "expired");
        expired.ForEach(e => e.Timestamp = now.AddDays(-8));
        await host.Store.AppendAsync(expired, Ct);
        await host.Store.AppendAsync(Entries.Many(5, "kept").Select(e => { e.Timestamp = now; return e; }).ToList(), Ct);

        // Resolved two days ago: within the alerts' 30 days, so it stays. Resolved 31 days ago: deleted with its history.
        // Still active after 40 days: an alert is only deleted once resolved.
        var resolved = Endpoints.PaymentAlert.Create(now.AddDays(-3)) with { Status = AlertStatus.Resolved, ResolvedAt = now.AddDays(-2), UpdatedAt = now.AddDays(-2) };
        var old = Endpoints.PaymentAlert.Create(now.AddDays(-32)) with { Status = AlertStatus.Resolved, ResolvedAt = now.AddDays(-31), UpdatedAt = now.AddDays(-31) };
        var active = Endpoints.PaymentAlert.Create(now.AddDays(-40));
        var alertStore = host.Services.GetRequiredService<IAlertStore>();
        await alertStore.SaveAsync(resolved, "resolved", Ct);
        await alertStore.SaveAsync(old, "resolved", Ct);
        await alertStore.SaveAsync(active, "raised", Ct);
        var service = host.Services.GetServices<IHostedService>().OfType<RetentionService>().Single();

        var (entries, alerts) = await service.RunOnceAsync(Ct);

        Assert.Equal((30L, 1), (entries, alerts));
        Assert.Equal(5, (await host.Store.QueryAsync(new LogQuery(), Ct)).Total);
        Assert.NotNull(await alertStore.GetAsync(resolved.AlertId, Ct));
        Assert.NotNull(await alertStore.GetAsync(active.AlertId, Ct));
        Assert.Null(await alertStore.GetAsync(old.AlertId, Ct));
        Assert.Empty(await alertStore.GetHistoryAsync(old.AlertId, Ct));
        Assert.NotEmpty(await alertStore.GetHistoryAsync(resolved.AlertId, Ct));
    }
}
