using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Alerts;
using LogAnalyzer.Tests.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LogAnalyzer.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against a real host with seeded logs and an alert. Screenshots of each view are
/// kept in <c>artifacts/screenshots</c> (dashboard-*.png).
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Prefix = "/ops/loganalyzer";
    private const string Session = "sess_e2e";
    private const string ApiKey = "dashboard-e2e-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_SeededHost_ShowsAcknowledgesTheAlertOpensATimelineAndSearchesWithoutConsoleErrors()
    {
        Assert.SkipWhen(HeadlessChromium.SkipReason is not null, HeadlessChromium.SkipReason ?? string.Empty);
        await using var host = await ApiHost.StartAsync(app: a => a.MapLogAnalyzerDashboard(Prefix));
        var alert = await SeedAsync(host);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Context.NewPageAsync();
        var problems = Watch(page);

        await page.GotoAsync(new Uri(host.Client.BaseAddress!, Prefix).ToString());
        await page.Locator("#overview-cards .card").First.WaitForAsync();
        await page.Locator("#overview .chart .bar-total").First.WaitForAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Live");
        await ScreenshotAsync(page, "overview");

        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
        var card = page.Locator($"[data-alert-id='{alert.AlertId}']");
        await Assertions.Expect(card.Locator(".alert-title")).ToHaveTextAsync("Critical Endpoint Failing: /api/payment");
        await page.GetByLabel("Acting as").FillAsync("e2e");
        await card.Locator("button.ack").ClickAsync();
        await page.Locator($"[data-alert-id='{alert.AlertId}'][data-status='acknowledged']").WaitForAsync();
        await card.Locator("button.history-toggle").ClickAsync();
        await Assertions.Expect(card.Locator(".history li")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "alerts");
        var stored = await host.Client.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.AlertId}", Ct);
        Assert.Equal(("acknowledged", "e2e"), (stored.GetProperty("alert").GetProperty("status").GetString(), stored.GetProperty("alert").GetProperty("acknowledgedBy").GetString()));
        await card.Locator("button.resolve").ClickAsync();
        await page.GetByLabel("Resolution note").FillAsync("failed over to the backup gateway");
        await card.Locator("button.resolve-confirm").ClickAsync();
        await page.Locator($"[data-alert-id='{alert.AlertId}'][data-status='resolved']").WaitForAsync();
        await Assertions.Expect(card.Locator(".history li")).ToHaveCountAsync(3);
        var resolved = (await host.Client.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.AlertId}", Ct)).GetProperty("alert");
        Assert.Equal(("resolved", "e2e", "failed over to the backup gateway"), (resolved.GetProperty("status").GetString(), resolved.GetProperty("resolvedBy").GetString(), resolved.GetProperty("resolutionNote").GetString()));

        await page.GetByRole(AriaRole.Link, new() { Name = "Timelines" }).ClickAsync();
        await page.Locator("#timeline-id").FillAsync(Session);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show timeline" }).ClickAsync();
        await Assertions.Expect(page.Locator(".journey .step")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator(".journey .step-error .step-action")).ToHaveTextAsync("Error occurred: Payment gateway timeout after 5000ms");
        Assert.EndsWith($"#timeline/session/{Session}", page.Url, StringComparison.Ordinal);
        await ScreenshotAsync(page, "timeline");
        await page.GetByRole(AriaRole.Link, new() { Name = "user_e2e" }).ClickAsync();
        await Assertions.Expect(page.Locator("#timeline-result table.sessions tbody tr a")).ToHaveTextAsync(Session);

        await page.GetByRole(AriaRole.Link, new() { Name = "Patterns" }).ClickAsync();
        await page.Locator("#trending svg.sparkline").First.WaitForAsync();
        await ScreenshotAsync(page, "patterns");

        await page.GetByRole(AriaRole.Link, new() { Name = "Blast radius" }).ClickAsync();
        await page.GetByLabel("Error code").FillAsync("PAYMENT_GATEWAY_TIMEOUT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show blast radius" }).ClickAsync();
        await Assertions.Expect(page.Locator("#blast-result td.mono")).ToHaveTextAsync("/api/payment");
        await ScreenshotAsync(page, "blast-radius");

        await page.GetByRole(AriaRole.Link, new() { Name = "Search & copilot" }).ClickAsync();
        await page.Locator("#search-query").FillAsync("Why are payments failing?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        var shown = await page.Locator("#search-result .answer-text").TextContentAsync();
        var expected = await PostAsync(host, "/api/ai/search", new { query = "Why are payments failing?", timeRange = 24 });
        Assert.Equal(expected.GetProperty("answer").GetString(), shown);
        Assert.Contains("payment", shown, StringComparison.OrdinalIgnoreCase);
        await page.Locator("#chat-message").FillAsync("Which users were affected?");
        await page.Locator("#chat-message").PressAsync("Enter");
        var reply = await page.Locator("#chat-thread .turn-copilot .reply").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(reply));
        await ScreenshotAsync(page, "search");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await page.Locator("#overview .chart .bar-total").First.WaitForAsync();
        Assert.Equal("rgb(15, 17, 21)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        await ScreenshotAsync(page, "overview-dark");

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Dashboard_ApiKeyConfigured_AsksForTheKeyAndSendsIt()
    {
        Assert.SkipWhen(HeadlessChromium.SkipReason is not null, HeadlessChromium.SkipReason ?? string.Empty);
        await using var host = await ApiHost.StartAsync(
            settings: new Dictionary<string, string?> { ["LogAnalyzer:Security:ApiKey"] = ApiKey },
            app: a => a.MapLogAnalyzerDashboard(Prefix));
        var alert = await SeedAlertAsync(host);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Context.NewPageAsync();
        var problems = Watch(page);
        var keys = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/alerts", StringComparison.Ordinal))
            {
                keys.Add(request.Headers.GetValueOrDefault("x-api-key"));
            }
        };

        await page.GotoAsync(new Uri(host.Client.BaseAddress!, Prefix + "/#alerts").ToString());
        await Assertions.Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await page.Locator("#key-input").FillAsync(ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-alert-id='{alert.AlertId}'] .alert-title")).ToHaveTextAsync("Critical Endpoint Failing: /api/payment");
        await ScreenshotAsync(page, "api-key");

        Assert.Equal(ApiKey, await page.EvaluateAsync<string>("sessionStorage.getItem('loganalyzer.apiKey')"));
        Assert.Null(keys[0]);
        Assert.Equal(ApiKey, keys[^1]);
        // The first requests were refused before the key was typed: the browser reports those 401s, and nothing else.
        Assert.All(problems, p => Assert.Contains("401", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_InlineScriptAndStyleUnderTheDashboardCsp_AreReportedAsViolations()
    {
        Assert.SkipWhen(HeadlessChromium.SkipReason is not null, HeadlessChromium.SkipReason ?? string.Empty);
        // The check the dashboard test relies on: a page breaking the policy does not pass unnoticed.
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = LogAnalyzer.Hosting.Dashboard.DashboardHeaders.ContentSecurityPolicy;
            return Microsoft.AspNetCore.Http.Results.Content("<!doctype html><p style=\"color: red\">x</p><script>console.log('ran')</script>", "text/html");
        }));
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Context.NewPageAsync();
        var problems = Watch(page);

        await page.GotoAsync(server.Address + "/");

        await Eventually.True(() => Snapshot(problems).Count(p => p.Contains("CSP violation", StringComparison.Ordinal)) >= 2, "both violations are reported");
        Assert.Contains(Snapshot(problems), p => p.Contains("CSP violation: script-src", StringComparison.Ordinal));
        Assert.Contains(Snapshot(problems), p => p.Contains("CSP violation: style-src", StringComparison.Ordinal));
    }

    private static List<string> Snapshot(List<string> problems)
    {
        lock (problems)
        {
            return [.. problems];
        }
    }

    /// <summary>Console errors (CSP violations among them), uncaught exceptions and failed requests of the page.</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (problems)
                {
                    problems.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add($"page error: {error}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            lock (problems)
            {
                problems.Add($"request failed: {request.Url} {request.Failure}");
            }
        };
        return problems;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.ScreenshotFolder, $"dashboard-{name}.png"), FullPage = true });

    private static async Task<Alert> SeedAsync(ApiHost host)
    {
        var now = host.Time.GetUtcNow();
        var start = now.AddMinutes(-6);
        object Log(int seconds, string level, string endpoint, string message, string? errorCode = null) => new
        {
            level,
            message,
            endpoint,
            userId = "user_e2e",
            sessionId = Session,
            city = "Berlin",
            errorCode,
            responseTime = errorCode is null ? 120 : 5000,
            timestamp = start.AddSeconds(seconds).ToString("O"),
        };
        var logs = new List<object>
        {
            Log(0, "INFO", "/", "Home page served"),
            Log(20, "INFO", "/api/products/shoes", "Products listed"),
            Log(60, "INFO", "/api/cart", "Cart updated"),
            Log(95, "ERROR", "/api/payment", "Payment gateway timeout after 5000ms", "PAYMENT_GATEWAY_TIMEOUT"),
        };
        for (var i = 0; i < 30; i++)
        {
            logs.Add(new { level = "INFO", message = $"Order {i} viewed", endpoint = "/api/orders", sessionId = $"s{i}", timestamp = start.AddSeconds(100 + i).ToString("O") });
        }

        var response = await host.Client.PostAsync("/api/logs/batch", Json(new { logs }), Ct);
        response.EnsureSuccessStatusCode();
        return await SeedAlertAsync(host);
    }

    private static async Task<Alert> SeedAlertAsync(ApiHost host)
    {
        var now = host.Time.GetUtcNow();
        var alert = PaymentAlert.Create(now) with
        {
            SuggestedAction = "Switch payments to the backup gateway",
            ErrorCodes = ["PAYMENT_GATEWAY_TIMEOUT"],
            Runbook = [new RunbookStep("Switch payments to the backup gateway", "configured")],
        };
        await host.Services.GetRequiredService<IAlertStore>().SaveAsync(alert, "raised", Ct);
        return alert;
    }

    private static async Task<JsonElement> PostAsync(ApiHost host, string path, object body)
    {
        var response = await host.Client.PostAsync(path, Json(body), Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
