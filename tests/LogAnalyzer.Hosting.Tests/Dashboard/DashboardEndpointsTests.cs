using System.Net;
using System.Net.Http.Headers;
using LogAnalyzer.Hosting.Dashboard;
using LogAnalyzer.Tests.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Dashboard;

/// <summary>The dashboard's files over a real host: the page, its content types, caching, CSP, prefixes and access control.</summary>
public sealed class DashboardEndpointsTests
{
    private const string StrictCsp =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ApiHost> StartAsync(string prefix = "/ops/loganalyzer", string apiPrefix = "") =>
        ApiHost.StartAsync(app: a => a.MapLogAnalyzerDashboard(prefix, apiPrefix));

    [Fact]
    public async Task MapLogAnalyzerDashboard_Page_ServesTheIndexWithTheStrictCspAndTheApiAtTheRoot()
    {
        await using var host = await StartAsync();

        var response = await host.Client.GetAsync("/ops/loganalyzer/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StrictCsp, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("<meta name=\"loganalyzer-api-base\" content=\"/\">", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapLogAnalyzerDashboard_PrefixWithoutSlash_RedirectsToThePageKeepingTheQuery()
    {
        await using var host = await StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };

        var response = await client.GetAsync("/ops/loganalyzer?view=1", Ct);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/ops/loganalyzer/?view=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task MapLogAnalyzerDashboard_ApiPrefix_IsWrittenIntoThePage()
    {
        await using var host = await ApiHost.StartAsync(app: a => a.MapLogAnalyzerDashboard("/", "/la-api"));

        var html = await host.Client.GetStringAsync("/", Ct);

        Assert.Contains("<meta name=\"loganalyzer-api-base\" content=\"/la-api/\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("api.js", "text/javascript")]
    [InlineData("charts.js", "text/javascript")]
    [InlineData("views/alerts.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task MapLogAnalyzerDashboard_File_IsServedWithItsContentTypeAndCsp(string file, string contentType)
    {
        await using var host = await StartAsync();

        var response = await host.Client.GetAsync($"/ops/loganalyzer/{file}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StrictCsp, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.True((await response.Content.ReadAsByteArrayAsync(Ct)).Length > 100);
    }

    [Theory]
    [InlineData("nope.js")]
    [InlineData("index.html")]
    [InlineData("views/nope/app.js")]
    [InlineData("DashboardAssets.cs")]
    public async Task MapLogAnalyzerDashboard_UnknownFile_Returns404ProblemWithTheSecurityHeaders(string file)
    {
        await using var host = await StartAsync();

        var response = await host.Client.GetAsync($"/ops/loganalyzer/{file}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task MapLogAnalyzerDashboard_IfNoneMatchWithTheETag_Returns304WithoutABody()
    {
        await using var host = await StartAsync();
        var first = await host.Client.GetAsync("/ops/loganalyzer/app.js", Ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/loganalyzer/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await host.Client.SendAsync(request, Ct);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/ops/loganalyzer/app.js");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"old\""));
        var third = await host.Client.SendAsync(stale, Ct);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task MapLogAnalyzerDashboard_RequireAuthorization_ProtectsThePageAndItsFiles()
    {
        await using var host = await ApiHost.StartAsync(
            services: s =>
            {
                s.AddAuthentication(RequireAuthorizationTests.HeaderUserHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, RequireAuthorizationTests.HeaderUserHandler>(RequireAuthorizationTests.HeaderUserHandler.SchemeName, null);
                s.AddAuthorization();
            },
            app: a =>
            {
                a.UseAuthentication();
                a.UseAuthorization();
                a.MapLogAnalyzerDashboard("/loganalyzer").RequireAuthorization();
            });

        var anonymous = await host.Client.GetAsync("/loganalyzer/", Ct);
        var anonymousFile = await host.Client.GetAsync("/loganalyzer/app.js", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/loganalyzer/");
        request.Headers.Add(RequireAuthorizationTests.HeaderUserHandler.Header, "ana:operator");
        var signedIn = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousFile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public void DashboardAssets_EveryFile_HasNoInlineScriptStyleOrMarkupInjection()
    {
        var assets = DashboardAssets.Instance;
        var names = assets.Names.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            ["api.js", "app.css", "app.js", "charts.js", "dom.js", "favicon.svg", "index.html", "views/alerts.js", "views/ask.js", "views/blast.js", "views/overview.js", "views/patterns.js", "views/timeline.js"],
            names);
        foreach (var name in names.Where(n => n.EndsWith(".js", StringComparison.Ordinal) || n.EndsWith(".html", StringComparison.Ordinal)))
        {
            var text = ReadAsset(name);
            // Log text is untrusted: it must reach the page as text nodes, never as markup or code.
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("outerHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("insertAdjacentHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("eval(", text, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'style'", text, StringComparison.Ordinal);
        }

        var html = ReadAsset("index.html");
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("<script", StringSplitOptions.None).Length - 1);
        Assert.DoesNotMatch(@"<[^>]*\son[a-z]+\s*=", html);
    }

    private static string ReadAsset(string name)
    {
        var assembly = typeof(DashboardAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream("LogAnalyzer.Dashboard/" + name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
