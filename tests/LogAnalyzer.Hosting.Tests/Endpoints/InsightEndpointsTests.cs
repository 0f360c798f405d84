using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>Session timelines, user sessions, blast radius, trending and chart buckets over a real host and SQLite file.</summary>
public sealed class InsightEndpointsTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private DateTimeOffset _now;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        // Whole seconds: the store keeps microseconds, and the assertions compare times exactly.
        var now = _host.Time.GetUtcNow();
        _now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task GetSessionTimeline_JourneyEndingInAPaymentError_ReturnsTheSeedShapeWithTheAnalysis()
    {
        var start = _now.AddMinutes(-10);
        await AppendAsync(
            Entry(start, "/", "Home page served", "sess_1", "user_1"),
            Entry(start.AddSeconds(20), "/api/products/shoes", "Products listed", "sess_1", "user_1"),
            Entry(start.AddSeconds(70), "/api/products/shoes", "Products listed", "sess_1", "user_1"),
            Entry(start.AddSeconds(95), "/api/cart", "Cart updated", "sess_1", "user_1"),
            Failure(start.AddSeconds(154), "/api/payment", "Payment gateway timeout after 5000ms", "sess_1", "user_1", "PAYMENT_GATEWAY_TIMEOUT"));
        await _host.Services.GetRequiredService<IPatternAnalysisStore>().SaveAnalysesAsync(
            [new PatternAnalysis("p_gw", "ai", "gpt-oss-120b", "Payment gateway timeout", "Gateway response exceeded 5s threshold", "…", "HIGH", "dependency", ["Increase timeout or use backup gateway"], _now, 1)],
            Ct);

        var body = await _host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/session/sess_1", Ct);
        var unknown = await _host.Client.GetAsync("/api/timeline/session/nobody", Ct);

        var summary = body.GetProperty("summary");
        Assert.Equal((5, "2m 34s", true), (summary.GetProperty("totalEvents").GetInt32(), summary.GetProperty("duration").GetString(), summary.GetProperty("errorOccurred").GetBoolean()));
        Assert.Equal("user_1", body.GetProperty("userId").GetString());
        Assert.Equal(
            ["Visited homepage", "Browsed", "Browsed", "Viewed cart", "Error occurred: Payment gateway timeout after 5000ms"],
            body.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("action").GetString()));
        Assert.True(body.GetProperty("timeline")[4].GetProperty("isError").GetBoolean());
        var analysis = body.GetProperty("errorAnalysis");
        Assert.Equal("Payment gateway timeout", analysis.GetProperty("whatHappened").GetString());
        Assert.Equal("Gateway response exceeded 5s threshold", analysis.GetProperty("whyItHappened").GetString());
        Assert.Equal("Increase timeout or use backup gateway", analysis.GetProperty("howToFix").GetString());
        Assert.Equal("User completed: home → browse → cart → payment, but failed at payment", analysis.GetProperty("userImpact").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetSessionTimeline_ConfiguredStage_LabelsByTheConfiguredMapAndTheDefaults()
    {
        await using var host = await ApiHost.StartAsync(o => o.Insights.Stages["wishlist"] = "wishlist");
        var start = _now.AddMinutes(-5);
        await host.Store.AppendAsync(
            [
                Entry(start, "/login", "Signed in", "sess_w", "user_w"),
                Entry(start.AddSeconds(10), "/api/search?q=shoes", "Searched", "sess_w", "user_w"),
                Entry(start.AddSeconds(20), "/api/wishlist", "Wishlist updated", "sess_w", "user_w"),
                Entry(start.AddSeconds(30), "/api/checkout", "Checkout started", "sess_w", "user_w"),
                Entry(start.AddSeconds(40), "/api/unknown", "Something else", "sess_w", "user_w"),
            ],
            Ct);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/session/sess_w", Ct);

        Assert.Equal(
            ["Logged in", "Searched", "Wishlist", "Checked out", "Requested /api/unknown"],
            body.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task GetSessionTimeline_LongerThanShown_SummarisesTheWholeSessionAndSaysItIsCut()
    {
        await using var host = await ApiHost.StartAsync(o => o.Insights.MaxTimelineEvents = 5);
        var start = _now.AddMinutes(-5);
        await host.Store.AppendAsync([.. CartViews(start, 7, "sess_long"), Failure(start.AddSeconds(70), "Payment declined", "sess_long", LogEntryLevel.Error)], Ct);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/session/sess_long", Ct);

        var summary = body.GetProperty("summary");
        Assert.Equal((8, 1, true, "1m 10s"), (summary.GetProperty("totalEvents").GetInt32(), summary.GetProperty("errors").GetInt32(), summary.GetProperty("errorOccurred").GetBoolean(), summary.GetProperty("duration").GetString()));
        Assert.True(body.GetProperty("truncated").GetBoolean());
        Assert.Equal(5, body.GetProperty("timeline").GetArrayLength());
    }

    [Fact]
    public async Task GetSessionTimeline_FirstErrorAfterTheStepsShown_AnalysesThatError()
    {
        await using var host = await ApiHost.StartAsync(o => o.Insights.MaxTimelineEvents = 3);
        var start = _now.AddMinutes(-5);
        await host.Store.AppendAsync(
            [
                .. CartViews(start, 4, "sess_later"),
                Failure(start.AddSeconds(50), "Payment declined: card expired", "sess_later", LogEntryLevel.Error),
                Failure(start.AddSeconds(60), "Payment gateway timeout", "sess_later", LogEntryLevel.Critical),
            ],
            Ct);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/session/sess_later", Ct);

        Assert.True(body.GetProperty("truncated").GetBoolean());
        var analysis = body.GetProperty("errorAnalysis");
        Assert.StartsWith("Payment declined: card expired", analysis.GetProperty("whatHappened").GetString(), StringComparison.Ordinal);
        Assert.Equal("User completed: cart → payment, but failed at payment", analysis.GetProperty("userImpact").GetString());
    }

    [Fact]
    public async Task GetSessionTimeline_IdHoldingASlash_IsFoundByItsEncodedForm()
    {
        await _host.Store.AppendAsync([Entry(_now.AddMinutes(-1), "/api/cart", "Viewed cart", "sess/one", "user/one")], Ct);

        var session = await _host.Client.GetAsync("/api/timeline/session/sess%2Fone", Ct);
        var user = await _host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/user/user%2Fone", Ct);

        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal("sess/one", user.GetProperty("sessions")[0].GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task GetUserSessions_TwoSessions_ListsTheMostRecentFirstWithTheirCounts()
    {
        await AppendAsync(
            Entry(_now.AddHours(-3), "/", "Home page served", "sess_old", "user_2"),
            Entry(_now.AddHours(-3).AddMinutes(1), "/api/cart", "Cart updated", "sess_old", "user_2"),
            Entry(_now.AddMinutes(-5), "/", "Home page served", "sess_new", "user_2"),
            Failure(_now.AddMinutes(-4), "/api/payment", "Payment gateway timeout after 5000ms", "sess_new", "user_2", "PAYMENT_GATEWAY_TIMEOUT"));

        var body = await _host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/user/user_2", Ct);

        var sessions = body.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(["sess_new", "sess_old"], sessions.Select(s => s.GetProperty("sessionId").GetString()));
        Assert.Equal((2, 1, "/api/payment"), (sessions[0].GetProperty("totalEvents").GetInt32(), sessions[0].GetProperty("errors").GetInt32(), sessions[0].GetProperty("lastEndpoint").GetString()));
        Assert.Equal("1m 0s", sessions[1].GetProperty("duration").GetString());
    }

    [Fact]
    public async Task GetBlastRadius_ErrorCodeInTheLastHour_CountsUsersSessionsCitiesAndRevenue()
    {
        var entries = Enumerable.Range(0, 47).Select(i =>
            Failure(_now.AddMinutes(-50 + i), i % 3 == 0 ? "/api/checkout" : "/api/payment", "Payment gateway timeout", $"sess_{i}", $"user_{i % 40}", "PAYMENT_GATEWAY_TIMEOUT", i % 2 == 0 ? "New York" : "Los Angeles"))
            .Append(Failure(_now.AddHours(-3), "/api/payment", "Payment gateway timeout", "sess_old", "user_old", "PAYMENT_GATEWAY_TIMEOUT"))
            .ToArray();
        await AppendAsync(entries);

        var radius = (await _host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/blast-radius/PAYMENT_GATEWAY_TIMEOUT?hours=1", Ct)).GetProperty("blastRadius");
        var bad = await _host.Client.GetAsync("/api/timeline/blast-radius/X?hours=0", Ct);

        Assert.Equal("PAYMENT_GATEWAY_TIMEOUT", radius.GetProperty("errorCode").GetString());
        Assert.Equal((47, 40, 47), (radius.GetProperty("totalOccurrences").GetInt32(), radius.GetProperty("affectedUsers").GetInt32(), radius.GetProperty("affectedSessions").GetInt32()));
        Assert.Equal(["Los Angeles", "New York"], radius.GetProperty("affectedCities").EnumerateArray().Select(c => c.GetString()).Order());
        Assert.Equal(["/api/checkout", "/api/payment"], radius.GetProperty("affectedEndpoints").EnumerateArray().Select(c => c.GetString()).Order());
        Assert.Equal("$2,350.00", radius.GetProperty("estimatedRevenueLoss").GetString());
        Assert.Equal(_now.AddMinutes(-50), radius.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal(_now.AddMinutes(-4), radius.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task GetTrending_PatternsInTheLastHour_RanksByCountWithTheChangeAgainstTheHourBefore()
    {
        var entries = new List<LogEntry>();
        entries.AddRange(Enumerable.Range(0, 45).Select(i => Failure(_now.AddMinutes(-59 + i), "/api/payment", "Payment gateway timeout", $"s{i}", $"u{i}", "PAYMENT_GATEWAY_TIMEOUT")));
        entries.AddRange(Enumerable.Range(0, 15).Select(i => Failure(_now.AddMinutes(-119 + i), "/api/payment", "Payment gateway timeout", $"s{i}", $"u{i}", "PAYMENT_GATEWAY_TIMEOUT")));
        entries.AddRange(Enumerable.Range(0, 5).Select(i => Entry(_now.AddMinutes(-30 + i), "/api/cart", "Slow cache response", "s", "u", LogEntryLevel.Warning, "p_cache")));
        await AppendAsync([.. entries]);

        var body = await _host.Client.GetFromJsonAsync<JsonElement>("/api/ai/trending?hours=1&limit=10", Ct);

        var trending = body.GetProperty("trending").EnumerateArray().ToList();
        Assert.Equal(["p_gw", "p_cache"], trending.Select(t => t.GetProperty("patternId").GetString()));
        Assert.Equal((45, 15, 2.0), (trending[0].GetProperty("count").GetInt32(), trending[0].GetProperty("previousCount").GetInt32(), trending[0].GetProperty("change").GetDouble()));
        Assert.Equal("high", trending[0].GetProperty("severity").GetString());
        Assert.True(trending[1].GetProperty("isNew").GetBoolean());
        Assert.False(string.IsNullOrEmpty(trending[0].GetProperty("_id").GetString()));
    }

    [Fact]
    public async Task GetStats_LastTwoHoursInHourBuckets_CountsEntriesAndErrorsPerBucket()
    {
        await AppendAsync(
            Entry(_now.AddMinutes(-1), "/", "Home page served", "s", "u"),
            Failure(_now.AddMinutes(-2), "/api/payment", "Payment gateway timeout", "s", "u", "E"),
            Entry(_now.AddMinutes(-90), "/", "Home page served", "s", "u"));

        var body = await _host.Client.GetFromJsonAsync<JsonElement>("/api/logs/stats?hours=2&bucketMinutes=60", Ct);
        var bad = await _host.Client.GetAsync("/api/logs/stats?hours=720&bucketMinutes=1", Ct);

        var timeline = body.GetProperty("timeline");
        var buckets = timeline.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(60, timeline.GetProperty("bucketMinutes").GetInt32());
        Assert.InRange(buckets.Count, 2, 3);
        Assert.Equal(3, buckets.Sum(b => b.GetProperty("total").GetInt32()));
        Assert.Equal(1, buckets.Sum(b => b.GetProperty("errors").GetInt32()));
        var last = buckets.Single(b => b.GetProperty("errors").GetInt32() == 1);
        Assert.Equal(0.5, last.GetProperty("errorRate").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private Task AppendAsync(params LogEntry[] entries) => _host.Store.AppendAsync(entries, Ct);

    /// <summary>A session's first steps: a cart view every 10 seconds from <paramref name="start"/>.</summary>
    private static List<LogEntry> CartViews(DateTimeOffset start, int count, string sessionId) =>
        Enumerable.Range(0, count).Select(i => Entry(start.AddSeconds(10 * i), "/api/cart", "Viewed cart", sessionId, "user_l")).ToList();

    private static LogEntry Failure(DateTimeOffset at, string message, string sessionId, LogEntryLevel level) =>
        Entry(at, "/api/payment", message, sessionId, "user_l", level);

    private static LogEntry Entry(DateTimeOffset at, string endpoint, string message, string session, string user, LogEntryLevel level = LogEntryLevel.Information, string? pattern = null) => new()
    {
        Timestamp = at,
        Level = level,
        Message = message,
        Endpoint = endpoint,
        SessionId = session,
        UserId = user,
        PatternId = pattern ?? $"p_{message.GetHashCode(StringComparison.Ordinal):x}",
        Template = message,
    };

    private static LogEntry Failure(DateTimeOffset at, string endpoint, string message, string session, string user, string errorCode, string city = "Berlin")
    {
        var entry = Entry(at, endpoint, message, session, user, LogEntryLevel.Error, "p_gw");
        entry.ErrorCode = errorCode;
        entry.City = city;
        return entry;
    }
}
