using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.RequestContext;

public sealed class RequestContextMiddlewareTests
{
    private const string HashKey = "request-context-hash-key";

    [Fact]
    public async Task Request_WithSessionHeader_LogsCarrySessionAndOneCompletedEntryIsWritten()
    {
        await using var host = await ApiHost.StartAsync(
            services: s => s.AddLogging(b => b.AddLogAnalyzer().AddFilter("Microsoft", LogLevel.Warning)),
            app: app =>
            {
                app.UseLogAnalyzerRequestContext();
                app.MapGet("/api/cart/{id}", (string id, ILoggerFactory loggers) =>
                {
                    loggers.CreateLogger("Shop.Cart").LogInformation("Cart {CartId} viewed", id);
                    return "ok";
                });
            });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart/42");
        request.Headers.Add("X-Session-Id", "sess_1");

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var entries = await WaitForAsync(host, count: 2);

        var logged = Assert.Single(entries, e => e.Message == "Cart 42 viewed");
        Assert.Equal("sess_1", logged.SessionId);
        Assert.False(string.IsNullOrEmpty(logged.TraceId));
        var completed = Assert.Single(entries, e => e.MessageTemplate == "{Method} {Path} responded {StatusCode} in {ResponseTime} ms");
        Assert.Equal("/api/cart/{id}", completed.Endpoint);
        Assert.Equal("sess_1", completed.SessionId);
        Assert.Equal(logged.TraceId, completed.TraceId);
        Assert.NotNull(completed.ResponseTime);
        Assert.Equal(200, ((JsonElement)completed.Properties!["StatusCode"]!).GetInt32());
        Assert.Equal("/api/cart/42", ((JsonElement)completed.Properties["Path"]!).GetString());
    }

    [Fact]
    public async Task Request_AuthenticatedWithHashKey_StoresKeyedHashOfUserId()
    {
        await using var host = await ApiHost.StartAsync(
            services: s => s.Configure<LogAnalyzerRequestContextOptions>(o => o.UserIdHashKey = HashKey),
            app: app =>
            {
                app.Use((context, next) =>
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "user_1")], "test"));
                    return next(context);
                });
                app.UseLogAnalyzerRequestContext();
                app.MapGet("/api/fail", () => Results.StatusCode(503));
            });
        host.Client.DefaultRequestHeaders.Add("Cookie", "sessionId=sess_cookie");

        using var response = await host.Client.GetAsync(new Uri("/api/fail", UriKind.Relative), TestContext.Current.CancellationToken);
        var entry = Assert.Single(await WaitForAsync(host, count: 1));

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HashKey), Encoding.UTF8.GetBytes("user_1"))[..16]);
        Assert.Equal(expected, entry.UserId);
        Assert.Equal("sess_cookie", entry.SessionId);
        Assert.Equal(LogEntryLevel.Error, entry.Level);
    }

    [Fact]
    public async Task Start_HashKeyBesideTheRedactionHashKey_FailsNamingBothSettings()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(
            o => o.Ai.Redaction.UserIdHashKey = "redaction-hash-key-0123",
            services: s => s.Configure<LogAnalyzerRequestContextOptions>(o => o.UserIdHashKey = HashKey)));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("LogAnalyzer:RequestContext:UserIdHashKey and LogAnalyzer:Ai:Redaction:UserIdHashKey are both set", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(HashKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ShortHashKey_FailsNamingTheSettingWithoutTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(
            services: s => s.Configure<LogAnalyzerRequestContextOptions>(o => o.UserIdHashKey = "short-key")));

        Assert.Equal(["LogAnalyzer:RequestContext:UserIdHashKey must be at least 16 characters (not counting surrounding spaces); it has 9."], error.Failures);
        Assert.DoesNotContain("short-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseLogAnalyzerRequestContext_WithoutAddLogAnalyzer_ThrowsAndSaysWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseLogAnalyzerRequestContext());
        Assert.Contains("services.AddLogAnalyzer()", error.Message, StringComparison.Ordinal);
    }

    // The completed entry is queued after the response is sent, so flush until it is there (each flush awaits the writer).
    private static async Task<IReadOnlyList<LogEntry>> WaitForAsync(ApiHost host, int count)
    {
        var pipeline = host.Services.GetRequiredService<ILogPipeline>();
        for (var attempt = 0; ; attempt++)
        {
            await pipeline.FlushAsync(TestContext.Current.CancellationToken);
            var page = await host.Store.QueryAsync(new LogQuery { Limit = 50 }, TestContext.Current.CancellationToken);
            if (page.Total >= count || attempt > 1000)
            {
                Assert.Equal(count, page.Total);
                return page.Entries;
            }
        }
    }
}
