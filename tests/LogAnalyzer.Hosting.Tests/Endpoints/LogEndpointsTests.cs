using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Endpoints;

public sealed class LogEndpointsTests : ApiHostTests
{
    [Fact]
    public async Task PostLog_SeedExample_Returns202AndTheLogIsStored()
    {
        var response = await Post("/api/logs", """
            {"level":"ERROR","message":"Payment gateway timeout","endpoint":"/api/payment","userId":"user_123",
             "sessionId":"sess_456","city":"New York","errorCode":"PAYMENT_GATEWAY_TIMEOUT","responseTime":5000}
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = await Json(response);
        Assert.True(body.RootElement.GetProperty("success").GetBoolean());
        var id = body.RootElement.GetProperty("ids")[0].GetInt64();
        var stored = await Host.Store.GetAsync(id, Ct);
        Assert.NotNull(stored);
        Assert.Equal(LogEntryLevel.Error, stored.Level);
        Assert.Equal("Payment gateway timeout", stored.Message);
        Assert.Equal("/api/payment", stored.Endpoint);
        Assert.Equal("user_123", stored.UserId);
        Assert.Equal("sess_456", stored.SessionId);
        Assert.Equal("New York", stored.City);
        Assert.Equal("PAYMENT_GATEWAY_TIMEOUT", stored.ErrorCode);
        Assert.Equal(5000, stored.ResponseTime);
    }

    [Fact]
    public async Task PostLog_BlankIds_StoredAsAbsent()
    {
        var response = await Post("/api/logs", """{"message":"m","sessionId":"","userId":"   ","endpoint":"","errorCode":" ","city":"","service":"","traceId":"","spanId":""}""");

        using var body = await Json(response);
        var stored = await Host.Store.GetAsync(body.RootElement.GetProperty("ids")[0].GetInt64(), Ct);
        Assert.NotNull(stored);
        Assert.All(
            new[] { stored.SessionId, stored.UserId, stored.Endpoint, stored.ErrorCode, stored.City, stored.Service, stored.TraceId, stored.SpanId },
            Assert.Null);
    }

    [Fact]
    public async Task PostLog_NoTimestamp_TakesTheReceiveTime()
    {
        var response = await Post("/api/logs", """{"level":"info","message":"hello"}""");

        using var body = await Json(response);
        var stored = await Host.Store.GetAsync(body.RootElement.GetProperty("ids")[0].GetInt64(), Ct);
        Assert.Equal(Host.Time.GetUtcNow(), stored!.Timestamp, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task PostLog_UnknownFields_StoresTheLogWithoutThem()
    {
        var response = await Post("/api/logs", """{"message":"hello","colour":"blue","nested":{"a":[1,2]},"properties":{"kept":1}}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = await Json(response);
        var stored = await Host.Store.GetAsync(body.RootElement.GetProperty("ids")[0].GetInt64(), Ct);
        Assert.NotNull(stored);
        Assert.Equal("hello", stored.Message);
        Assert.Equal(["kept"], stored.Properties!.Keys);
    }

    [Theory]
    [InlineData("""{"message":"m","responseTime":"fast"}""", "responseTime")]
    [InlineData("""{"message":"m","level":5}""", "level")]
    [InlineData("""{"message":"m","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"message":"m","properties":[1,2]}""", "properties")]
    [InlineData("""{"message":42}""", "message")]
    [InlineData("""{"message":"m","level":"LOUD"}""", "level")]
    [InlineData("""{"level":"INFO"}""", "message")]
    [InlineData("""{"message":"m","responseTime":-5}""", "responseTime")]
    [InlineData("""{"message":"m","timestamp":"2999-01-01T00:00:00Z"}""", "timestamp")]
    [InlineData("""{"message":"m" """, "body")]
    [InlineData("null", "body")]
    [InlineData("", "body")]
    public async Task PostLog_BadInput_Returns400ProblemNamingTheFieldAndStoresNothing(string json, string field)
    {
        var response = await Post("/api/logs", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = await Json(response);
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), body.RootElement.GetRawText());
        Assert.Equal(0, (await Host.Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task PostLog_NotJson_Returns415Problem()
    {
        var response = await Host.Client.PostAsync("/api/logs", new StringContent("level=ERROR", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostBatch_ValidLogs_Returns202AndStoresAll()
    {
        var response = await Post("/api/logs/batch", """
            {"logs":[{"level":"ERROR","message":"a"},{"level":"INFO","message":"b"},{"level":"WARN","message":"c"}]}
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = await Json(response);
        Assert.Equal("Batch of 3 logs stored", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(3, (await Host.Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task PostBatch_SomeBadItems_Returns400NamingEachAndStoresNone()
    {
        var response = await Post("/api/logs/batch", """
            {"logs":[{"level":"ERROR","message":"fine"},{"level":"NOPE","message":"x"},null,{"message":""}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await Json(response);
        var errors = body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["logs[1].level", "logs[2]", "logs[3].message"], errors);
        Assert.Equal(0, (await Host.Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task PostBatch_WrongTypeDeepInside_Returns400NamingThePath()
    {
        var response = await Post("/api/logs/batch", """{"logs":[{"message":"a"},{"message":"b","responseTime":true}]}""");

        using var body = await Json(response);
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty("logs[1].responseTime", out _), body.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("""{"logs":[]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"logs":{"message":"x"}}""")]
    public async Task PostBatch_NoLogsArray_Returns400NamingLogs(string json)
    {
        var response = await Post("/api/logs/batch", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await Json(response);
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty("logs", out _));
    }

    [Fact]
    public async Task PostBatch_OverTheLimit_Returns400AndStoresNothing()
    {
        var logs = string.Join(",", Enumerable.Repeat("""{"message":"x"}""", 1001));

        var response = await Post("/api/logs/batch", $$"""{"logs":[{{logs}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await Host.Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task GetLogs_SeedFilters_ReturnMatchingLogsNewestFirst()
    {
        await Post("/api/logs/batch", """
            {"logs":[
              {"level":"ERROR","message":"Payment gateway timeout","endpoint":"/api/payment","errorCode":"PAY_TIMEOUT","timestamp":"2026-11-01T10:00:00Z"},
              {"level":"CRITICAL","message":"Database down","endpoint":"/api/orders","timestamp":"2026-11-01T10:01:00Z"},
              {"level":"INFO","message":"Viewed product","endpoint":"/api/products","userId":"u1","sessionId":"s1","timestamp":"2026-11-01T10:02:00Z"},
              {"level":"WARN","message":"Slow payment","endpoint":"/api/payment","timestamp":"2026-11-01T10:03:00Z"}
            ]}
            """);

        Assert.Equal(["Database down", "Payment gateway timeout"], await Messages("level=ERROR,CRITICAL"));
        Assert.Equal(["Slow payment", "Payment gateway timeout"], await Messages("endpoint=/api/payment"));
        Assert.Equal(["Viewed product"], await Messages("userId=u1&sessionId=s1"));
        Assert.Equal(["Payment gateway timeout"], await Messages("errorCode=PAY_TIMEOUT"));
        Assert.Equal(["Slow payment", "Payment gateway timeout"], await Messages("q=payment"));
        Assert.Equal(["Viewed product", "Database down"], await Messages("from=2026-11-01T10:01:00Z&to=2026-11-01T10:03:00Z"));
        Assert.Equal(["Viewed product", "Database down"], await Messages("from=2026-11-01T10:01&to=2026-11-01T12:02:59.5%2B02:00"));
        Assert.Equal(4, (await Messages("from=2026-11-01&to=2026-11-02")).Length);
        Assert.Equal(["Database down"], await Messages("from=2026-11-01T11:01:00.000000000%2B01&to=2026-11-01T10:01:00.999999999Z"));
        Assert.Equal(["Database down"], await Messages("limit=1&page=3"));
        Assert.Empty(await Messages("anomalyOnly=true"));

        using var page = await Json(await Host.Client.GetAsync("/api/logs?limit=2", Ct));
        Assert.True(page.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(1, page.RootElement.GetProperty("page").GetInt32());
        Assert.Equal(4, page.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(2, page.RootElement.GetProperty("logs").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("page=0", "page")]
    [InlineData("level=LOUD", "level")]
    [InlineData("from=soon", "from")]
    [InlineData("from=01/02/2026", "from")]
    [InlineData("to=Nov%2029%202026", "to")]
    [InlineData("from=10:00", "from")]
    [InlineData("to=2026-01-01%00", "to")]
    [InlineData("from=2026-01-01%22", "from")]
    [InlineData("to=Sat,%2031%20Jan%202026%2012:00:00%20GMT", "to")]
    [InlineData("anomalyOnly=maybe", "anomalyOnly")]
    [InlineData("from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("sessionId=s1&sessionId=s2", "sessionId")]
    [InlineData("q=a*+b*+c*+d*+e*+f*+g*+h*+i*+j*+k*+l*+m*+n*+o*+p*+q*", "q")]
    public async Task GetLogs_BadQuery_Returns400ProblemNamingTheParameter(string query, string parameter)
    {
        var response = await Host.Client.GetAsync($"/api/logs?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await Json(response);
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task GetLogById_UnknownOrMalformed_Returns404Or400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync("/api/logs/123456", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Client.GetAsync("/api/logs/abc", Ct)).StatusCode);
    }

    [Fact]
    public async Task GetStats_StoredLogs_ReturnsTheSeedShape()
    {
        await Post("/api/logs/batch", """{"logs":[{"level":"ERROR","message":"a"},{"level":"INFO","message":"b"},{"level":"INFO","message":"c"}]}""");

        using var body = await Json(await Host.Client.GetAsync("/api/logs/stats", Ct));

        var root = body.RootElement;
        Assert.True(root.GetProperty("success").GetBoolean());
        var stats = root.GetProperty("stats");
        Assert.Equal(3, stats.GetProperty("total").GetInt64());
        Assert.Equal(0, stats.GetProperty("anomalies").GetInt64());
        Assert.Equal(1, stats.GetProperty("byLevel").GetProperty("ERROR").GetInt64());
        Assert.Equal(2, stats.GetProperty("byLevel").GetProperty("INFO").GetInt64());
        Assert.Equal("a", root.GetProperty("recentErrors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task GetQueueStats_AfterIngest_ReturnsTheSeedShape()
    {
        await Post("/api/logs", """{"message":"a"}""");

        using var body = await Json(await Host.Client.GetAsync("/api/logs/queue/stats", Ct));

        var queue = body.RootElement.GetProperty("queue");
        Assert.Equal(0, queue.GetProperty("waiting").GetInt64());
        Assert.Equal(0, queue.GetProperty("active").GetInt64());
        Assert.Equal(1, queue.GetProperty("completed").GetInt64());
        Assert.Equal(0, queue.GetProperty("failed").GetInt64());
        Assert.Equal(0, queue.GetProperty("dropped").GetInt64());
        Assert.False(queue.GetProperty("overloaded").GetBoolean());
    }

    [Fact]
    public async Task GetHealth_Running_ReturnsTheSeedShape()
    {
        Host.Time.Advance(TimeSpan.FromSeconds(90));

        using var body = await Json(await Host.Client.GetAsync("/health", Ct));

        var root = body.RootElement;
        Assert.Equal("OK", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("uptime").GetDouble() >= 90);
        Assert.Contains(root.GetProperty("cerebrasApiConfigured").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.True(root.GetProperty("memory").GetProperty("rss").GetInt64() > 0);
        Assert.True(root.GetProperty("memory").GetProperty("heapUsed").GetInt64() > 0);
    }

    private async Task<string[]> Messages(string query)
    {
        var page = await Host.Client.GetFromJsonAsync<JsonElement>($"/api/logs?{query}", Ct);
        return page.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("message").GetString()!).ToArray();
    }
}
