using System.Text.Json;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// What every <see cref="ILogStore"/> must do. A store's test class inherits this unchanged and supplies the store;
/// each test gets a new, empty, initialized store.
/// </summary>
public abstract class LogStoreContractTests(TestStores stores) : StoreContract(stores)
{
    protected IPatternStore Patterns => (IPatternStore)Store;

    [Fact]
    public async Task AppendAsync_Entries_AssignsIncreasingIds()
    {
        var entries = Entries.Many(3);

        await Store.AppendAsync(entries, Ct);

        Assert.All(entries, e => Assert.True(e.Id > 0));
        Assert.Equal(entries.Select(e => e.Id).Order(), entries.Select(e => e.Id));
        Assert.Equal(3, entries.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task GetAsync_StoredEntry_ReturnsEveryField()
    {
        var entry = new LogEntry
        {
            Timestamp = new DateTimeOffset(2026, 11, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1230),
            Level = LogEntryLevel.Error,
            Message = "Payment gateway timeout after 5000ms",
            MessageTemplate = "Payment gateway timeout after {Elapsed}ms",
            Endpoint = "/api/payment",
            UserId = "user_123",
            SessionId = "sess_456",
            City = "New York",
            ErrorCode = "PAYMENT_GATEWAY_TIMEOUT",
            ResponseTime = 5000.5,
            Service = "shop-api",
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            SpanId = "00f067aa0ba902b7",
            Exception = "System.TimeoutException: The operation has timed out.\n   at Gateway.Pay()",
            Properties = new Dictionary<string, object?>
            {
                ["Attempt"] = 3,
                ["Gateway"] = "stripe",
                ["Retried"] = true,
                ["Amount"] = 12.5,
                ["Missing"] = null,
                ["Cart"] = JsonDocument.Parse("""{"items":[1,2]}""").RootElement,
            },
            AnomalyScore = 0.8,
            IsAnomaly = true,
            AnomalyReasons = ["level", "critical_endpoint"],
            PatternId = "a1b2c3d4e5f60718",
            Template = "Payment gateway timeout after <*>ms",
        };
        await Store.AppendAsync([entry], Ct);

        var stored = await Store.GetAsync(entry.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(entry.Id, stored.Id);
        Assert.Equal(entry.Timestamp, stored.Timestamp);
        Assert.Equal(entry.Level, stored.Level);
        Assert.Equal(entry.Message, stored.Message);
        Assert.Equal(entry.MessageTemplate, stored.MessageTemplate);
        Assert.Equal(entry.Endpoint, stored.Endpoint);
        Assert.Equal(entry.UserId, stored.UserId);
        Assert.Equal(entry.SessionId, stored.SessionId);
        Assert.Equal(entry.City, stored.City);
        Assert.Equal(entry.ErrorCode, stored.ErrorCode);
        Assert.Equal(entry.ResponseTime, stored.ResponseTime);
        Assert.Equal(entry.Service, stored.Service);
        Assert.Equal(entry.TraceId, stored.TraceId);
        Assert.Equal(entry.SpanId, stored.SpanId);
        Assert.Equal(entry.Exception, stored.Exception);
        Assert.Equal(0.8, stored.AnomalyScore);
        Assert.True(stored.IsAnomaly);
        Assert.Equal(["level", "critical_endpoint"], stored.AnomalyReasons);
        Assert.Equal("a1b2c3d4e5f60718", stored.PatternId);
        Assert.Equal("Payment gateway timeout after <*>ms", stored.Template);
        var properties = stored.Properties!.ToDictionary(p => p.Key, p => ((JsonElement)p.Value!).GetRawText());
        Assert.Equal("3", properties["Attempt"]);
        Assert.Equal("\"stripe\"", properties["Gateway"]);
        Assert.Equal("true", properties["Retried"]);
        Assert.Equal("12.5", properties["Amount"]);
        Assert.Equal("null", properties["Missing"]);
        Assert.Equal("""{"items":[1,2]}""", properties["Cart"]);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await Store.AppendAsync(Entries.Many(1), Ct);

        Assert.Null(await Store.GetAsync(987_654, Ct));
    }

    [Fact]
    public async Task AppendAsync_EntryFailsMidBatch_StoresNothing()
    {
        var entries = Entries.Many(5);
        entries[3].Properties = new Dictionary<string, object?> { ["Bad"] = new ThrowingValue() };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync(entries, Ct));

        var page = await Store.QueryAsync(new LogQuery(), Ct);
        Assert.Equal(0, page.Total);
        Assert.All(entries, e => Assert.Equal(0, e.Id));
    }

    [Fact]
    public async Task AppendAsync_AfterFailedBatch_StoresNextBatchWithItsStrings()
    {
        var failing = Entries.Many(2);
        failing[0].Endpoint = "/api/new-endpoint";
        failing[1].Properties = new Dictionary<string, object?> { ["Bad"] = new ThrowingValue() };
        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync(failing, Ct));

        var next = Entries.Info("after");
        next.Endpoint = "/api/new-endpoint";
        await Store.AppendAsync([next], Ct);

        var page = await Store.QueryAsync(new LogQuery { Endpoint = "/api/new-endpoint" }, Ct);
        Assert.Equal("after", Assert.Single(page.Entries).Message);
    }

    [Fact]
    public async Task QueryAsync_NoFilter_ReturnsNewestFirstWithTotal()
    {
        await Store.AppendAsync(Entries.Many(10), Ct);

        var page = await Store.QueryAsync(new LogQuery { Limit = 3, Page = 2 }, Ct);

        Assert.Equal(10, page.Total);
        Assert.Equal(["entry 6", "entry 5", "entry 4"], page.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task QueryAsync_OldestFirst_ReturnsTheEarliestFirstAndPagesOnFromThem()
    {
        var entries = Entries.Many(10);
        entries[9].Timestamp = entries[0].Timestamp.AddMinutes(-1); // stored last, logged first
        await Store.AppendAsync(entries, Ct);

        var first = await Store.QueryAsync(new LogQuery { Limit = 3, OldestFirst = true }, Ct);
        var second = await Store.QueryAsync(new LogQuery { Limit = 3, Page = 2, OldestFirst = true }, Ct);

        Assert.Equal(10, first.Total);
        Assert.Equal(["entry 9", "entry 0", "entry 1"], first.Entries.Select(e => e.Message));
        Assert.Equal(["entry 2", "entry 3", "entry 4"], second.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task QueryAsync_PageBeyondEnd_ReturnsNoEntriesAndTotal()
    {
        await Store.AppendAsync(Entries.Many(4), Ct);

        var page = await Store.QueryAsync(new LogQuery { Limit = 3, Page = 5 }, Ct);

        Assert.Equal(4, page.Total);
        Assert.Empty(page.Entries);
    }

    [Fact]
    public async Task QueryAsync_EachFilter_ReturnsOnlyMatchingEntries()
    {
        var entries = Entries.Many(6);
        entries[0].Level = LogEntryLevel.Error;
        entries[1].Level = LogEntryLevel.Critical;
        entries[2].Endpoint = "/api/payment";
        entries[2].UserId = "user_1";
        entries[3].UserId = "user_1";
        entries[3].SessionId = "sess_1";
        entries[4].ErrorCode = "AUTH_FAILED";
        entries[4].UserId = "user_2";
        entries[4].SessionId = "sess_1";
        entries[5].IsAnomaly = true;
        entries[5].AnomalyScore = 0.9;
        await Store.AppendAsync(entries, Ct);

        async Task<string[]> Messages(LogQuery query) => (await Store.QueryAsync(query, Ct)).Entries.Select(e => e.Message).ToArray();

        Assert.Equal(["entry 1", "entry 0"], await Messages(new LogQuery { Levels = [LogEntryLevel.Error, LogEntryLevel.Critical] }));
        Assert.Equal(["entry 2"], await Messages(new LogQuery { Endpoint = "/api/payment" }));
        Assert.Equal(["entry 3", "entry 2"], await Messages(new LogQuery { UserId = "user_1" }));
        Assert.Equal(["entry 4"], await Messages(new LogQuery { UserId = "user_2" }));
        Assert.Equal(["entry 4", "entry 3"], await Messages(new LogQuery { SessionId = "sess_1" }));
        Assert.Equal(["entry 3"], await Messages(new LogQuery { UserId = "user_1", SessionId = "sess_1" }));
        Assert.Equal(["entry 4"], await Messages(new LogQuery { ErrorCode = "AUTH_FAILED" }));
        Assert.Equal(["entry 5"], await Messages(new LogQuery { AnomalyOnly = true }));
        Assert.Equal(["entry 3", "entry 2"], await Messages(new LogQuery { From = Entries.Start.AddSeconds(2), To = Entries.Start.AddSeconds(4) }));
        Assert.Empty(await Messages(new LogQuery { Endpoint = "/never-seen" }));
        Assert.Empty(await Messages(new LogQuery { Levels = [LogEntryLevel.Error], Endpoint = "/api/payment" }));
    }

    [Fact]
    public async Task QueryAsync_Text_MatchesWordsInMessageAndException()
    {
        var entries = new List<LogEntry>
        {
            Entries.Info("Payment gateway timeout after 5000ms"),
            Entries.Info("User user_42 logged in"),
            Entries.Info("Order failed"),
        };
        entries[2].Exception = "System.InvalidOperationException: inventory mismatch";
        await Store.AppendAsync(entries, Ct);

        async Task<string[]> Search(string text) => (await Store.QueryAsync(new LogQuery { Text = text }, Ct)).Entries.Select(e => e.Message).ToArray();

        Assert.Equal(["Payment gateway timeout after 5000ms"], await Search("gateway TIMEOUT"));
        Assert.Equal(["Payment gateway timeout after 5000ms"], await Search("pay*"));
        Assert.Equal(["User user_42 logged in"], await Search("user_42"));
        Assert.Equal(["Order failed"], await Search("inventory"));
        Assert.Empty(await Search("gateway missing"));
    }

    [Theory]
    [InlineData("\"payment", 1)]
    [InlineData("payment AND (", 1)]
    [InlineData("retry (timeout)", 1)]
    [InlineData("message:payment", 1)]
    [InlineData("'; DROP TABLE logs; --", 1)]
    [InlineData("refund -payment", 0)]
    [InlineData("*", 0)]
    public async Task QueryAsync_TextWithSearchSyntax_TreatsItAsPlainWords(string text, int expected)
    {
        // The operators' words are in the text, so a search that reads them literally finds it; "-payment" read as a
        // negation would find the refund instead.
        await Store.AppendAsync([Entries.Info("payment AND retry (timeout) message:payment drop table logs"), Entries.Info("refund issued", 1)], Ct);

        var page = await Store.QueryAsync(new LogQuery { Text = text }, Ct);

        Assert.Equal(expected, page.Total);
        Assert.Equal(2, (await Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task GetStatsAsync_Entries_CountsByLevelAndListsRecentErrors()
    {
        var entries = Entries.Many(7);
        entries[0].Level = LogEntryLevel.Error;
        entries[1].Level = LogEntryLevel.Critical;
        entries[2].Level = LogEntryLevel.Warning;
        entries[3].Level = LogEntryLevel.Error;
        entries[3].IsAnomaly = true;
        await Store.AppendAsync(entries, Ct);

        var stats = await Store.GetStatsAsync(2, Ct);

        Assert.Equal(7, stats.Total);
        Assert.Equal(1, stats.Anomalies);
        Assert.Equal(2, stats.ByLevel[LogEntryLevel.Error]);
        Assert.Equal(1, stats.ByLevel[LogEntryLevel.Critical]);
        Assert.Equal(1, stats.ByLevel[LogEntryLevel.Warning]);
        Assert.Equal(3, stats.ByLevel[LogEntryLevel.Information]);
        Assert.False(stats.ByLevel.ContainsKey(LogEntryLevel.Debug));
        Assert.Equal(["entry 3", "entry 1"], stats.RecentErrors.Select(e => e.Message));
    }

    [Fact]
    public async Task QueryAsync_WhileAppending_ReadersSeeWholeBatchesOnly()
    {
        const int batches = 40, batchSize = 50;
        var writer = Task.Run(
            async () =>
            {
                for (var b = 0; b < batches; b++)
                {
                    await Store.AppendAsync(Entries.Many(batchSize, $"b{b}"), Ct);
                }
            },
            Ct);

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(
            async () =>
            {
                while (!writer.IsCompleted)
                {
                    var total = (await Store.QueryAsync(new LogQuery { Limit = 1 }, Ct)).Total;
                    Assert.Equal(0, total % batchSize);
                }
            },
            Ct)).ToArray();
        await Task.WhenAll([writer, .. readers]);

        Assert.Equal(batches * batchSize, (await Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task AppendAsync_EntriesWithPatterns_CountsEachPatternByLevelAcrossBatches()
    {
        var first = Entries.Many(3, "cart");
        first[2].Level = LogEntryLevel.Error;
        var second = Entries.Many(2, "login");
        second.Add(Entries.Info("cart late", 100));
        foreach (var e in first.Append(second[^1]))
        {
            (e.PatternId, e.Template) = ("p-cart", "cart <*>");
        }

        foreach (var e in second.Take(2))
        {
            (e.PatternId, e.Template) = ("p-login", "login <*>");
        }

        await Store.AppendAsync(first, Ct);
        await Store.AppendAsync(second, Ct);

        var patterns = await Patterns.ListPatternsAsync(10, Ct);
        Assert.Equal(["p-cart", "p-login"], patterns.Select(p => p.Id));
        var cart = patterns[0];
        Assert.Equal("cart <*>", cart.Template);
        Assert.Equal(4, cart.Count);
        Assert.Equal(3, cart.CountByLevel[LogEntryLevel.Information]);
        Assert.Equal(1, cart.CountByLevel[LogEntryLevel.Error]);
        Assert.Equal(Entries.Start, cart.FirstSeen);
        Assert.Equal(Entries.Start.AddSeconds(100), cart.LastSeen);
        Assert.Equal("cart 0", cart.Sample);
    }

    [Fact]
    public async Task RecordMergesAsync_PatternGeneralised_OldIdAndEntriesResolveToTheNewPattern()
    {
        var old = Entries.Many(2, "user 42 logged in");
        foreach (var e in old)
        {
            (e.PatternId, e.Template) = ("p-old", "user 42 logged in");
        }

        await Store.AppendAsync(old, Ct);

        await Patterns.RecordMergesAsync([new PatternMerge("p-old", "p-new")], Ct);
        var fresh = Entries.Info("user 7 logged in", 50);
        (fresh.PatternId, fresh.Template) = ("p-new", "user <*> logged in");
        await Store.AppendAsync([fresh], Ct);

        var resolved = await Patterns.GetPatternAsync("p-old", Ct);
        Assert.NotNull(resolved);
        Assert.Equal("p-new", resolved.Id);
        Assert.Equal("user <*> logged in", resolved.Template);
        Assert.Equal(3, resolved.Count);
        Assert.Equal(["p-new"], (await Patterns.ListPatternsAsync(10, Ct)).Select(p => p.Id));
        var stored = await Store.GetAsync(old[0].Id, Ct);
        Assert.Equal("p-new", stored!.PatternId);
        Assert.Equal("user <*> logged in", stored.Template);
        Assert.Equal(3, (await Store.QueryAsync(new LogQuery { PatternId = "p-new" }, Ct)).Total);
        Assert.Null(await Patterns.GetPatternAsync("p-unknown", Ct));
    }

    private sealed class ThrowingValue
    {
        public override string ToString() => throw new InvalidOperationException("This value cannot be stored.");
    }
}
