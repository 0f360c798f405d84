using LogAnalyzer.Endpoints;
using LogAnalyzer.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps LogAnalyzer's HTTP API onto an <see cref="IEndpointRouteBuilder"/>.</summary>
public static class LogAnalyzerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the seed's API: <c>POST /api/logs</c>, <c>POST /api/logs/batch</c>, <c>GET /api/logs</c>,
    /// <c>GET /api/logs/{id}</c>, <c>GET /api/logs/stats</c>, <c>GET /api/logs/queue/stats</c>, <c>GET /api/patterns</c>,
    /// <c>GET /api/patterns/{id}</c>, <c>GET /api/alerts</c>, <c>GET /api/alerts/{alertId}</c> (with its history), <c>POST /api/alerts/{alertId}/acknowledge</c>,
    /// <c>POST /api/alerts/{alertId}/resolve</c>, <c>GET /api/timeline/session/{sessionId}</c>,
    /// <c>GET /api/timeline/user/{userId}</c>, <c>GET /api/timeline/blast-radius/{errorCode}</c>, <c>GET /api/ai/trending</c>,
    /// <c>POST /api/ai/search</c>, <c>POST /api/ai/chat</c> and <c>GET /health</c>.
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
        group.MapPost("/api/logs", (HttpRequest request, CancellationToken ct) => logs.PostOneAsync(request, ct));
        group.MapPost("/api/logs/batch", (HttpRequest request, CancellationToken ct) => logs.PostBatchAsync(request, ct));
        group.MapGet("/api/logs", (HttpRequest request, CancellationToken ct) => logs.QueryAsync(request, ct));
        group.MapGet("/api/logs/stats", (HttpRequest request, CancellationToken ct) => logs.StatsAsync(request, ct));
        group.MapGet("/api/logs/queue/stats", () => logs.QueueStats());
        group.MapGet("/api/logs/{id}", (string id, CancellationToken ct) => logs.GetAsync(id, ct));
        group.MapGet("/api/patterns", (HttpRequest request, CancellationToken ct) => patterns.Value.ListAsync(request, ct));
        group.MapGet("/api/patterns/{id}", (string id, CancellationToken ct) => patterns.Value.GetAsync(id, ct));
        group.MapGet("/api/alerts", (HttpRequest request, CancellationToken ct) => alerts.Value.ListAsync(request, ct));
        group.MapGet("/api/alerts/{alertId}", (string alertId, CancellationToken ct) => alerts.Value.GetAsync(alertId, ct));
        group.MapPost("/api/alerts/{alertId}/acknowledge", (string alertId, HttpRequest request, CancellationToken ct) => alerts.Value.AcknowledgeAsync(alertId, request, ct));
        group.MapPost("/api/alerts/{alertId}/resolve", (string alertId, HttpRequest request, CancellationToken ct) => alerts.Value.ResolveAsync(alertId, request, ct));
        group.MapGet("/api/timeline/session/{sessionId}", (string sessionId, CancellationToken ct) => timelines.Value.SessionAsync(sessionId, ct));
        group.MapGet("/api/timeline/user/{userId}", (string userId, HttpRequest request, CancellationToken ct) => timelines.Value.UserAsync(userId, request, ct));
        group.MapGet("/api/timeline/blast-radius/{errorCode}", (string errorCode, HttpRequest request, CancellationToken ct) => timelines.Value.BlastRadiusAsync(errorCode, request, ct));
        group.MapGet("/api/ai/trending", (HttpRequest request, CancellationToken ct) => trending.Value.GetAsync(request, ct));
        group.MapPost("/api/ai/search", (HttpRequest request, CancellationToken ct) => copilot.Value.SearchAsync(request, ct));
        group.MapPost("/api/ai/chat", (HttpRequest request, CancellationToken ct) => copilot.Value.ChatAsync(request, ct));
        group.MapGet("/health", (CancellationToken cancellationToken) => health.GetAsync(cancellationToken));
        return group;
    }
}
