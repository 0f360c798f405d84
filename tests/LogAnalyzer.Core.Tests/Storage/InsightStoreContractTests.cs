using LogAnalyzer.Insights;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// What every <see cref="IInsightStore"/> must do: session timelines, a user's sessions, trends, chart buckets,
/// search, the vocabulary and conversations. A store's test class inherits this unchanged and supplies a new, empty store.
/// </summary>
public abstract class InsightStoreContractTests(TestStores stores) : StoreContract(stores)
{
    protected IInsightStore Insights => (IInsightStore)Store;

    [Fact]
    public async Task GetSessionAsync_Session_ReturnsItsEntriesOldestFirst()
    {
        var entries = Entries.Many(4);
        entries[0].SessionId = entries[2].SessionId = entries[3].SessionId = "s1";
        await Store.AppendAsync(entries, Ct);

        Assert.Equal(["entry 0", "entry 2"], (await Insights.GetSessionAsync("s1", 2, Ct)).Select(e => e.Message));
        Assert.Empty(await Insights.GetSessionAsync("unknown", 10, Ct));
    }

    [Fact]
    public async Task GetUserSessionsAsync_User_SummarisesEachSessionMostRecentFirst()
    {
        var entries = Entries.Many(5);
        (entries[0].UserId, entries[0].SessionId, entries[0].Endpoint) = ("u1", "s1", "/home");
        (entries[1].UserId, entries[1].SessionId, entries[1].Endpoint, entries[1].Level) = ("u1", "s1", "/api/pay", LogEntryLevel.Error);
        entries[2].SessionId = "s1";
        (entries[3].UserId, entries[3].SessionId) = ("u1", "s2");
        (entries[4].UserId, entries[4].SessionId) = ("u2", "s3");
        await Store.AppendAsync(entries, Ct);

        var sessions = await Insights.GetUserSessionsAsync("u1", 10, Ct);

        Assert.Equal(
            [
                new SessionSummary("s2", Entries.Start.AddSeconds(3), Entries.Start.AddSeconds(3), 1, 0, null),
                new SessionSummary("s1", Entries.Start, Entries.Start.AddSeconds(2), 3, 1, "/api/pay"),
            ],
            sessions);
    }

    [Fact]
    public async Task GetTrendingAsync_Period_CountsWarningsAndFailuresPerPatternAgainstThePeriodBefore()
    {
        var entries = new List<LogEntry>();
        void Add(string pattern, LogEntryLevel level, int minute, double score)
        {
            var e = Entries.Info($"{pattern} at {minute}", minute * 60);
            (e.PatternId, e.Template, e.Level, e.AnomalyScore) = (pattern, pattern + " <*>", level, score);
            entries.Add(e);
        }

        Add("p-a", LogEntryLevel.Error, 0, 0.2);
        Add("p-a", LogEntryLevel.Error, 10, 0.4);
        Add("p-a", LogEntryLevel.Critical, 11, 0.8);
        Add("p-b", LogEntryLevel.Warning, 12, 0.1);
        Add("p-b", LogEntryLevel.Information, 12, 0.9);
        Add("p-c", LogEntryLevel.Error, 1, 0.5);
        await Store.AppendAsync(entries, Ct);

        var trending = await Insights.GetTrendingAsync(Entries.Start.AddMinutes(10), Entries.Start.AddMinutes(20), 10, Ct);

        Assert.Equal(
            [
                new TrendingPattern("p-a", "p-a <*>", 2, 1, 0.6000000000000001, LogEntryLevel.Critical, "p-a at 0"),
                new TrendingPattern("p-b", "p-b <*>", 1, 0, 0.1, LogEntryLevel.Warning, "p-b at 12"),
            ],
            trending);
    }

    [Fact]
    public async Task GetBucketsAsync_Period_CountsEntriesErrorsAndWarningsPerBucket()
    {
        var entries = Entries.Many(3);
        entries[1].Level = LogEntryLevel.Error;
        var later = Entries.Info("later", 16 * 60);
        later.Level = LogEntryLevel.Warning;
        entries.Add(later);
        await Store.AppendAsync(entries, Ct);

        var buckets = await Insights.GetBucketsAsync(Entries.Start, Entries.Start.AddMinutes(30), TimeSpan.FromMinutes(15), Ct);

        Assert.Equal(
            [new TimeBucket(Entries.Start, 3, 1, 0), new TimeBucket(Entries.Start.AddMinutes(15), 1, 0, 1)],
            buckets);
    }

    [Fact]
    public async Task SearchAsync_TermsAndWords_FindsTheMatchesWithTheirPatternsAndImpact()
    {
        var entries = new List<LogEntry>();
        for (var i = 0; i < 10; i++)
        {
            var e = Entries.Info(i < 4 ? $"Payment gateway timeout {i}" : $"Page served {i}", i);
            if (i < 4)
            {
                (e.Level, e.Endpoint, e.ErrorCode, e.UserId, e.PatternId, e.Template) = (LogEntryLevel.Error, "/api/payment", "GATEWAY_TIMEOUT", $"u{i % 2}", "p-pay", "Payment gateway timeout <*>");
            }
            else
            {
                (e.Level, e.Endpoint) = (LogEntryLevel.Warning, "/api/products");
            }

            entries.Add(e);
        }

        await Store.AppendAsync(entries, Ct);

        var evidence = await Insights.SearchAsync(new SearchFilter(Entries.Start, Entries.Start.AddMinutes(1)) { EndpointTerms = ["PAYMENT"], Words = ["gateway"] }, 2, Ct);
        var nothing = await Insights.SearchAsync(new SearchFilter(Entries.Start, Entries.Start.AddMinutes(1)) { Cities = ["Oslo"] }, 2, Ct);

        Assert.Equal(4, evidence.Matches);
        Assert.Equal([new PatternCount("p-pay", "Payment gateway timeout <*>", 4)], evidence.Patterns);
        Assert.Equal((4L, 2L), (evidence.Impact.AffectedLogs, evidence.Impact.AffectedUsers));
        Assert.Equal(["GATEWAY_TIMEOUT"], evidence.Impact.ErrorCodes);
        Assert.Equal(["Payment gateway timeout 3", "Payment gateway timeout 2"], evidence.RecentLogs.Select(e => e.Message));
        Assert.Contains(evidence.OverRepresented, o => o.Dimension == "endpoint" && o.Value == "/api/payment" && o.ShareOfMatches == 1 && o.ShareOfTraffic == 0.4);
        Assert.Equal(0, nothing.Matches);
    }

    [Fact]
    public async Task SearchAsync_Words_MatchOnlyTheRangeAndLevelsAndKeepTheNewest()
    {
        // Before the range (one long before), inside it at every level (two at the same second), and after it.
        var entries = new List<LogEntry>
        {
            Entries.Info("Slow response from /cart", -600),
            Entries.Info("Slow response from /cart", 0),
            Entries.Info("Slow response from /cart", 10),
            Entries.Info("Slow response from /pay", 20),
            Entries.Info("Slow response from /pay", 20),
            Entries.Info("Slow response from /home", 25),
            Entries.Info("Cart served quickly", 26),
            Entries.Info("Slow response from /cart", 30),
            Entries.Info("Slow response from /cart", 70),
        };
        LogEntryLevel[] levels = [LogEntryLevel.Warning, LogEntryLevel.Warning, LogEntryLevel.Warning, LogEntryLevel.Error, LogEntryLevel.Warning, LogEntryLevel.Information, LogEntryLevel.Warning, LogEntryLevel.Critical, LogEntryLevel.Warning];
        for (var i = 0; i < entries.Count; i++)
        {
            (entries[i].Level, entries[i].UserId, entries[i].SessionId) = (levels[i], $"u{i}", $"s{i}");
        }

        // Arriving late: two stamped inside the range (one the range's earliest), one before it, then one long after it.
        List<LogEntry> late = [Entries.Info("Slow search", 15), Entries.Info("Slow checkout", 6), Entries.Info("Slow login", 3), Entries.Info("Slow cart", 700)];
        for (var i = 0; i < late.Count; i++)
        {
            (late[i].Level, late[i].UserId, late[i].SessionId) = (LogEntryLevel.Warning, $"late{i}", $"t{i}");
        }

        await Store.AppendAsync(entries, Ct);
        await Store.AppendAsync(late, Ct);
        var range = new SearchFilter(Entries.Start.AddSeconds(5), Entries.Start.AddMinutes(1)) { Words = ["slow"] };

        var problems = await Insights.SearchAsync(range, 2, Ct);
        var information = await Insights.SearchAsync(range with { Levels = [LogEntryLevel.Information] }, 2, Ct);
        var none = await Insights.SearchAsync(range with { Words = ["nowhere"] }, 2, Ct);

        Assert.Equal((6L, 6L), (problems.Matches, problems.Impact.AffectedUsers));
        Assert.Equal(["u7", "u4"], problems.RecentLogs.Select(e => e.UserId));
        Assert.Equal(1, information.Matches);
        Assert.Equal(["u5"], information.RecentLogs.Select(e => e.UserId));
        Assert.Equal(0, none.Matches);
    }

    [Fact]
    public async Task GetVocabularyAsync_Entries_ListsEndpointsErrorCodesAndCities()
    {
        var entries = Entries.Many(2);
        (entries[0].Endpoint, entries[0].ErrorCode, entries[0].City) = ("/api/cart", "CART_EMPTY", "Oslo");
        entries[1].Endpoint = "/api/pay";
        await Store.AppendAsync(entries, Ct);

        var vocabulary = await Insights.GetVocabularyAsync(Ct);

        Assert.Equal(["/api/cart", "/api/pay"], vocabulary.Endpoints.Order(StringComparer.Ordinal));
        Assert.Equal(["CART_EMPTY"], vocabulary.ErrorCodes);
        Assert.Equal(["Oslo"], vocabulary.Cities);
    }

    [Fact]
    public async Task SaveConversationAsync_Turns_ReadsThemBackUntilTheyExpire()
    {
        ConversationTurn[] turns = [new("user", "why are payments failing?", Entries.Start), new("assistant", "The gateway times out.", Entries.Start.AddSeconds(2))];
        await Insights.SaveConversationAsync("c1", turns, Entries.Start.AddSeconds(2), Entries.Start.AddDays(-1), Ct);
        await Insights.SaveConversationAsync("c2", turns[..1], Entries.Start.AddHours(30), Entries.Start.AddHours(6), Ct);

        Assert.Empty(await Insights.GetConversationAsync("c1", Entries.Start, Ct));
        Assert.Equal(turns[..1], await Insights.GetConversationAsync("c2", Entries.Start.AddHours(6), Ct));
        Assert.Empty(await Insights.GetConversationAsync("c2", Entries.Start.AddHours(31), Ct));
    }
}
