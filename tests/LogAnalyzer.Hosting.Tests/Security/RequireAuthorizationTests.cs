using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Security;

/// <summary>The host's own authorization instead of API keys: <c>MapLogAnalyzerEndpoints().RequireAuthorization()</c>.</summary>
public sealed class RequireAuthorizationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ApiHost> StartAsync(Action<IEndpointConventionBuilder> endpoints) => ApiHost.StartAsync(
        services: s =>
        {
            s.AddAuthentication(HeaderUserHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderUserHandler>(HeaderUserHandler.SchemeName, null);
            s.AddAuthorizationBuilder().AddPolicy("operators", p => p.RequireClaim("role", "operator"));
        },
        app: a =>
        {
            a.UseAuthentication();
            a.UseAuthorization();
        },
        endpoints: endpoints);

    [Fact]
    public async Task RequireAuthorization_OnTheReturnedBuilder_ProtectsTheApiButNotHealth()
    {
        await using var host = await StartAsync(e => e.RequireAuthorization());

        var anonymous = await host.Client.GetAsync("/api/logs", Ct);
        var signedIn = await GetAsync(host, "/api/logs", "ana", "viewer");
        var health = await host.Client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task RequireAuthorization_WithAPolicy_ForbidsUsersOutsideIt()
    {
        await using var host = await StartAsync(e => e.RequireAuthorization("operators"));

        var viewer = await GetAsync(host, "/api/alerts", "bo", "viewer");
        var operatorUser = await GetAsync(host, "/api/alerts", "ana", "operator");

        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorUser.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(ApiHost host, string path, string user, string role)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(HeaderUserHandler.Header, $"{user}:{role}");
        return host.Client.SendAsync(request, Ct);
    }

    /// <summary>Signs in whoever the <c>X-Test-User</c> header names (<c>name:role</c>): a stand-in for the host's real scheme.</summary>
    internal sealed class HeaderUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "HeaderUser";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].ToString().Split(':') is not [var name, var role])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim("role", role)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
