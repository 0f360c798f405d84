using LogAnalyzer.Impact;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// What every <see cref="IImpactStore"/> must do: filters, distinct counts, merged patterns and time bounds. A store's
/// test class inherits this unchanged and supplies a new, empty store.
/// </summary>
public abstract class ImpactStoreContractTests(TestStores stores) : StoreContract(stores)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private IImpactStore Impact => (IImpactStore)Store;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var entries = new List<LogEntry>();
        for (var i = 0; i < 60; i++)
        {
            entries.Add(new LogEntry
            {
                Timestamp = T0.AddSeconds(i * 10),
                Level = i % 3 == 0 ? LogEntryLevel.Information : LogEntryLevel.Error,
                Message = "Payment gateway timeout",
                PatternId = i < 30 ? "p_a" : "p_b",
                Template = "Payment gateway timeout",
                Endpoint = i % 2 == 0 ? "/api/payment" : "/api/checkout",
                ErrorCode = i % 4 == 1 ? "GATEWAY_TIMEOUT" : "CARD_DECLINED",
                UserId = $"u{i % 7}",
                SessionId = $"s{i % 11}",
                City = i % 5 == 0 ? "Oslo" : "Rome",
                ResponseTime = i * 10,
            });
        }

        await Store.AppendAsync(entries, Ct);
    }

    [Fact]
    public async Task GetImpactAsync_ByErrorCode_CountsOnlyItsFailuresWithDistinctUsersSessionsAndBounds()
    {
        var impact = await Impact.GetImpactAsync(new ImpactQuery(T0, T0.AddHours(1)) { ErrorCode = "GATEWAY_TIMEOUT" }, Ct);

        // i % 4 == 1 and not i % 3 == 0: 1, 5, 13, 17, 25, 29, 37, 41, 49, 53 (9, 21, 33, 45, 57 are Information).
        long[] rows = [1, 5, 13, 17, 25, 29, 37, 41, 49, 53];
        Assert.Equal(rows.Length, impact.AffectedLogs);
        Assert.Equal(rows.Select(i => i % 7).Distinct().Count(), impact.AffectedUsers);
        Assert.Equal(rows.Select(i => i % 11).Distinct().Count(), impact.AffectedSessions);
        Assert.Equal([new EndpointImpact("/api/checkout", 10, rows.Select(i => i % 11).Distinct().Count())], impact.Endpoints);
        Assert.Equal(["GATEWAY_TIMEOUT"], impact.ErrorCodes);
        Assert.Equal((T0.AddSeconds(10), T0.AddSeconds(530)), (impact.FirstSeen, impact.LastSeen));
    }

    [Fact]
    public async Task GetImpactAsync_MergedPattern_CountsTheEntriesOfEveryPatternMergedIntoIt()
    {
        await ((IPatternStore)Store).RecordMergesAsync([new PatternMerge("p_b", "p_a")], Ct);

        var merged = await Impact.GetImpactAsync(new ImpactQuery(T0, T0.AddHours(1)) { PatternId = "p_a" }, Ct);
        var all = await Impact.GetImpactAsync(new ImpactQuery(T0, T0.AddHours(1)), Ct);

        Assert.Equal(40, merged.AffectedLogs);
        Assert.Equal(["p_a"], merged.PatternIds);
        Assert.Equal(40, all.AffectedLogs);
    }

    [Fact]
    public async Task GetImpactAsync_SlowRequestsFromAllLevelsInARange_HonoursTheBoundsAndTheResponseTime()
    {
        var impact = await Impact.GetImpactAsync(
            new ImpactQuery(T0.AddMinutes(5), T0.AddMinutes(9)) { MinimumLevel = LogEntryLevel.Trace, MinimumResponseTime = 350 },
            Ct);
        var none = await Impact.GetImpactAsync(new ImpactQuery(T0.AddHours(2), T0.AddHours(3)), Ct);

        // i = 35..53 (ts in [300 s, 540 s), response time i*10 >= 350).
        Assert.Equal(19, impact.AffectedLogs);
        Assert.Equal(["Rome", "Oslo"], impact.Cities);
        Assert.Same(FailureImpact.None, none);
    }
}
