using LogAnalyzer;
using LogAnalyzer.Endpoints;
using LogAnalyzer.Hosting;
using LogAnalyzer.Hosting.Dashboard;
using LogAnalyzer.Hosting.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps LogAnalyzer's HTTP API and its dashboard onto an <see cref="IEndpointRouteBuilder"/>.</summary>
public static class LogAnalyzerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the seed's API: <c>POST /api/logs</c>, <c>POST /api/logs/batch</c>, <c>GET /api/logs</c>,
    /// <c>GET /api/logs/{id}</c>, <c>GET /api/logs/stats</c>, <c>GET /api/logs/queue/stats</c>, <c>GET /api/patterns</c>,
    /// <c>GET /api/patterns/{id}</c>, <c>GET /api/alerts</c>, <c>GET /api/alerts/{alertId}</c> (with its history), <c>POST /api/alerts/{alertId}/acknowledge</c>,
    /// <c>POST /api/alerts/{alertId}/resolve</c>, <c>GET /api/timeline/session/{sessionId}</c>,
    /// <c>GET /api/timeline/user/{userId}</c>, <c>GET /api/timeline/blast-radius/{errorCode}</c>, <c>GET /api/ai/trending</c>,
    /// <c>POST /api/ai/search</c>, <c>POST /api/ai/chat</c> and <c>GET /health</c>.
    /// Every endpoint checks the API key and its scope when <c>LogAnalyzer:Security</c> configures keys
    /// (<c>/health</c> stays open), is rate limited per client, limits the request body, compresses JSON and adds
    /// security headers; none of this needs middleware from the host. Any other method on one of these paths is answered
    /// 405 ProblemDetails with an <c>Allow</c> header, a plain OPTIONS 204 with <c>Allow</c>; a CORS preflight stays
    /// with the host's <c>UseCors()</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">A path prefix for every route, such as <c>/loganalyzer</c>. Default: none.</param>
    /// <returns>A builder for conventions that apply to every LogAnalyzer endpoint, such as <c>RequireAuthorization()</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddLogAnalyzer()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapLogAnalyzerEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<LogAnalyzerMarkerService>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddLogAnalyzer()' (or 'builder.Services.AddLogAnalyzer()') in the application startup code.");
        }

        var services = endpoints.ServiceProvider;
        var logs = ActivatorUtilities.CreateInstance<LogApi>(services);
        var health = ActivatorUtilities.CreateInstance<HealthApi>(services);
        var patterns = new Lazy<PatternApi>(() => ActivatorUtilities.CreateInstance<PatternApi>(services));
        var alerts = new Lazy<AlertApi>(() => ActivatorUtilities.CreateInstance<AlertApi>(services));
        var timelines = new Lazy<TimelineApi>(() => ActivatorUtilities.CreateInstance<TimelineApi>(services));
        var trending = new Lazy<TrendingApi>(() => ActivatorUtilities.CreateInstance<TrendingApi>(services));
        var copilot = new Lazy<CopilotApi>(() => ActivatorUtilities.CreateInstance<CopilotApi>(services));

        var group = endpoints.MapGroup(prefix);
        group.WithTags("LogAnalyzer");
        group.AddEndpointFilter(services.GetRequiredService<LogAnalyzerEndpointFilter>());
        var routes = new ApiRoutes(group);
        routes.Post("/api/logs", (HttpRequest request, CancellationToken ct) => logs.PostOneAsync(request, ct)).RequireScope(ApiKeyScopes.Ingest);
        routes.Post("/api/logs/batch", (HttpRequest request, CancellationToken ct) => logs.PostBatchAsync(request, ct)).RequireScope(ApiKeyScopes.Ingest);
        routes.Get("/api/logs", (HttpRequest request, CancellationToken ct) => logs.QueryAsync(request, ct));
        routes.Get("/api/logs/stats", (HttpRequest request, CancellationToken ct) => logs.StatsAsync(request, ct));
        routes.Get("/api/logs/queue/stats", () => logs.QueueStats());
        // "batch" is the POST-only path beside it, not an id (a regex constraint would need the host's routing setup).
        routes.Get("/api/logs/{id}", async (string id, HttpContext context, CancellationToken ct) =>
            string.Equals(id, "batch", StringComparison.OrdinalIgnoreCase) ? ApiRoutes.MethodNotAllowed(context, $"{HttpMethods.Post}, {HttpMethods.Options}") : await logs.GetAsync(id, ct));
        routes.Get("/api/patterns", (HttpRequest request, CancellationToken ct) => patterns.Value.ListAsync(request, ct));
        routes.Get("/api/patterns/{id}", (string id, CancellationToken ct) => patterns.Value.GetAsync(id, ct));
        routes.Get("/api/alerts", (HttpRequest request, CancellationToken ct) => alerts.Value.ListAsync(request, ct));
        routes.Get("/api/alerts/{alertId}", (string alertId, CancellationToken ct) => alerts.Value.GetAsync(alertId, ct));
        routes.Post("/api/alerts/{alertId}/acknowledge", (string alertId, HttpRequest request, CancellationToken ct) => alerts.Value.AcknowledgeAsync(alertId, request, ct)).RequireScope(ApiKeyScopes.Manage);
        routes.Post("/api/alerts/{alertId}/resolve", (string alertId, HttpRequest request, CancellationToken ct) => alerts.Value.ResolveAsync(alertId, request, ct)).RequireScope(ApiKeyScopes.Manage);
        routes.Get("/api/timeline/session/{sessionId}", (string sessionId, HttpContext context, CancellationToken ct) => timelines.Value.SessionAsync(ApiRoutes.Slashes(context, sessionId), ct));
        routes.Get("/api/timeline/user/{userId}", (string userId, HttpRequest request, CancellationToken ct) => timelines.Value.UserAsync(ApiRoutes.Slashes(request.HttpContext, userId), request, ct));
        routes.Get("/api/timeline/blast-radius/{errorCode}", (string errorCode, HttpRequest request, CancellationToken ct) => timelines.Value.BlastRadiusAsync(ApiRoutes.Slashes(request.HttpContext, errorCode), request, ct));
        routes.Get("/api/ai/trending", (HttpRequest request, CancellationToken ct) => trending.Value.GetAsync(request, ct));
        routes.Post("/api/ai/search", (HttpRequest request, CancellationToken ct) => copilot.Value.SearchAsync(request, ct)).RequireScope(ApiKeyScopes.Read);
        routes.Post("/api/ai/chat", (HttpRequest request, CancellationToken ct) => copilot.Value.ChatAsync(request, ct)).RequireScope(ApiKeyScopes.Read);
        // Liveness must answer without a key, also when the host adds RequireAuthorization() to the group.
        routes.Get("/health", (CancellationToken cancellationToken) => health.GetAsync(cancellationToken)).RequireScope(null).AllowAnonymous();
        routes.MapMethodNotAllowed();
        return group;
    }

    /// <summary>
    /// Maps the dashboard, a single page served from files embedded in this assembly: the overview (ingest and error
    /// rate, anomalies, queue health), trending patterns, alerts (acknowledge, resolve, history), session and user
    /// timelines, the blast radius of an error code, natural-language search and the copilot. The page reads only
    /// the JSON API that <see cref="MapLogAnalyzerEndpoints"/> maps, so map that too. When the API answers 401 (an API
    /// key is configured) the page asks for a key, keeps it in the tab's session storage and sends it as
    /// <c>X-Api-Key</c>. Every file is served with a strict Content-Security-Policy (only this origin's scripts, styles
    /// and API), an ETag and <c>Cache-Control: no-cache</c>. The files hold no data, so they need no key themselves;
    /// add <c>RequireAuthorization()</c> to the returned builder to hide the page behind the host's own sign-in.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">The page's path, such as <c>/loganalyzer</c> (served at <c>/loganalyzer/</c>). Default: <c>/loganalyzer</c>.</param>
    /// <param name="apiPrefix">The prefix given to <see cref="MapLogAnalyzerEndpoints"/>, under the request's path base. Default: none (the API at the app's root).</param>
    /// <returns>A builder for conventions that apply to the dashboard's files, such as <c>RequireAuthorization()</c>.</returns>
    public static IEndpointConventionBuilder MapLogAnalyzerDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/loganalyzer", string apiPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(apiPrefix);
        if (apiPrefix.Length > 0 && apiPrefix[0] != '/')
        {
            throw new ArgumentException("The API prefix must be empty or start with '/', such as '/loganalyzer'.", nameof(apiPrefix));
        }

        var assets = DashboardAssets.Instance;
        var group = endpoints.MapGroup(prefix);
        group.WithTags("LogAnalyzer");
        // One route for the page and its files: "{prefix}" redirects to "{prefix}/" so that the page's relative URLs
        // (app.js, app.css) resolve under the prefix, whatever it is.
        group.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (string? path, HttpContext context) =>
        {
            if (!string.IsNullOrEmpty(path))
            {
                return assets.File(context, path);
            }

            var request = context.Request;
            return request.Path.Value?.EndsWith('/') == true
                ? assets.Page(context, apiPrefix)
                : TypedResults.Redirect(request.PathBase.Add(request.Path).Value + "/" + request.QueryString, permanent: false);
        }).ExcludeFromDescription();
        return group;
    }
}
