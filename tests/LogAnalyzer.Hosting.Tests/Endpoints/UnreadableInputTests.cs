using System.Net;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>
/// Bodies that are JSON but cannot be stored and read back (half of a surrogate pair, nesting too deep), and bodies
/// that are not JSON at all: a 400 that names the field and says why, nothing stored, and the reads unharmed.
/// </summary>
public sealed class UnreadableInputTests : ApiHostTests
{
    [Theory]
    [InlineData("/api/logs", """{"message":"m","properties":{"k":"\ud800"}}""", "properties.k", "not valid Unicode")]
    [InlineData("/api/logs", """{"message":"m","properties":{"k":{"x":["ok","\udc00"]}}}""", "properties.k.x[1]", "not valid Unicode")]
    [InlineData("/api/logs", """{"message":"m","properties":{"k":{"\ud800":1}}}""", "properties.k", "not valid Unicode")]
    [InlineData("/api/logs", """{"message":"\ud800"}""", "message", "not valid Unicode")]
    [InlineData("/api/logs", """{"message":"a\u0000b"}""", "message", "NUL character")]
    [InlineData("/api/logs/batch", """{"logs":[{"message":"ok","userId":"u\u0000"}]}""", "logs[0].userId", "NUL character")]
    [InlineData("/api/logs/batch", """{"logs":[{"message":"ok"},{"message":"m","properties":{"k":"\ud800"}}]}""", "logs[1].properties.k", "not valid Unicode")]
    [InlineData("/api/logs/batch", """{"logs":[{"message":"ok"},5]}""", "logs[1]", "Expected a log object")]
    [InlineData("/api/logs/batch", """{"logs":[{"message":"ok"},""", "logs[1]", "not valid JSON")]
    [InlineData("/api/logs", "{\"message\":\"a\u0001b\"}", "message", "not valid JSON")]
    [InlineData("/api/logs", """{"message":"a","level":"INFO","message":"b"}""", "message", "more than once")]
    [InlineData("/api/logs", """{"message":"m","responseTime":"12"}""", "responseTime", "Expected a number.")]
    [InlineData("/api/logs", """{"message":5}""", "message", "Expected a string.")]
    [InlineData("/api/logs/batch", """{"logs":[{"message":"ok","responseTime":true}]}""", "logs[0].responseTime", "Expected a number.")]
    [InlineData("/api/logs", """{"message":"a","properties":{"k":{"x":1,"x":2}}}""", "properties.k", "more than once")]
    public async Task Post_UnreadableBody_Returns400SayingWhyAndStoresNothing(string path, string json, string field, string reason)
    {
        var response = await Post(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await Json(response);
        var problems = body.RootElement.GetProperty("errors");
        Assert.True(problems.TryGetProperty(field, out var messages), problems.GetRawText());
        Assert.Contains(reason, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Host.Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task PostLog_BodyStillEncoded_Returns415NamingTheEncodingAndStoresNothing()
    {
        var content = new StringContent("""{"message":"m"}""", Encoding.UTF8, "application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await Host.Client.PostAsync("/api/logs", content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = await Json(response);
        Assert.Contains("Content-Encoding: gzip", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Host.Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task PostLog_InvalidUtf8_Returns400SayingSo()
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"message\":\"caf"), 0xE9, .. Encoding.UTF8.GetBytes("\"}")]);
        content.Headers.ContentType = new("application/json");

        var response = await Host.Client.PostAsync("/api/logs", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await Json(response);
        Assert.Equal("The text is not valid UTF-8.", body.RootElement.GetProperty("errors").GetProperty("message")[0].GetString());
    }

    [Fact]
    public async Task PostLog_DeclaredCharsetOtherThanUtf8_Returns415()
    {
        var content = new StringContent("""{"message":"m"}""", Encoding.Unicode, "application/json");

        var response = await Host.Client.PostAsync("/api/logs", content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, (await Host.Store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task PostLog_PropertiesNestedPastTheLimit_Returns400NamingWhereTheLimitIsPassed()
    {
        var response = await Post("/api/logs", """{"message":"m","properties":{"a":""" + Nested(17) + "}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await Json(response);
        var problem = Assert.Single(body.RootElement.GetProperty("errors").EnumerateObject());
        Assert.Equal("properties.a" + string.Concat(Enumerable.Repeat(".a", 16)), problem.Name);
        Assert.Contains("at most 16 levels", problem.Value[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogs_PropertiesNestedToTheLimit_AreReadBackWhole()
    {
        var posted = await Post("/api/logs", """{"level":"ERROR","message":"deep","properties":{"a":""" + Nested(16) + "}}");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using var ack = await Json(posted);
        var id = ack.RootElement.GetProperty("ids")[0].GetInt64();

        // Every read that writes the entry out nests it inside its own response.
        foreach (var path in new[] { "/api/logs", $"/api/logs/{id}", "/api/logs/stats" })
        {
            var response = await Host.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = await Json(response);
            var entry = path == "/api/logs" ? body.RootElement.GetProperty("logs")[0] : path.EndsWith("stats", StringComparison.Ordinal) ? body.RootElement.GetProperty("recentErrors")[0] : body.RootElement.GetProperty("log");
            var value = entry.GetProperty("properties").GetProperty("a");
            for (var level = 1; level < 16; level++)
            {
                value = value.GetProperty("a");
            }

            Assert.Equal(1, value.GetProperty("leaf").GetInt32());
        }
    }

    /// <summary>Objects nested <paramref name="levels"/> deep, each under "a", the deepest holding a number.</summary>
    private static string Nested(int levels) =>
        string.Concat(Enumerable.Repeat("{\"a\":", levels - 1)) + "{\"leaf\":1}" + new string('}', levels - 1);
}
