using LogAnalyzer.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LogAnalyzer.Endpoints;

/// <summary>
/// Maps the API's routes onto its group and remembers each path's methods, so that any other method on the same path
/// (TRACE, PROPFIND or one made up as well) is answered 405 as a ProblemDetails with an <c>Allow</c> header instead of
/// routing's bare 405, and a plain OPTIONS is answered 204 with <c>Allow</c> (RFC 9110 §9.3.7). These answers come
/// last in routing's order, so a method the host maps on the same path itself stays the host's. A CORS preflight
/// stays the host's too: its CORS middleware answers it before any endpoint runs.
/// </summary>
internal sealed class ApiRoutes(RouteGroupBuilder group)
{
    private readonly Dictionary<string, List<string>> _allowed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>GET, and HEAD with it (RFC 9110: a health probe may ask with HEAD).</summary>
    public RouteHandlerBuilder Get(string pattern, Delegate handler) => Map(pattern, [HttpMethods.Get, HttpMethods.Head], handler);

    public RouteHandlerBuilder Post(string pattern, Delegate handler) => Map(pattern, [HttpMethods.Post], handler);

    /// <summary>
    /// A route value (a whole path segment) as the client meant it. The server decodes a path except <c>%2F</c>, which
    /// would otherwise split it, so a session id or error code holding "/" arrives with "%2F" in its place; but it does
    /// decode <c>%25</c>, so a sent <c>%252F</c> (the text "%2F") arrives as "%2F" too. Only the raw request target
    /// tells them apart.
    /// </summary>
    public static string Slashes(HttpContext context, string value)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        // The decoded path keeps every "%2F", so its segments line up with the raw path's, counted from the end (a
        // prefix a proxy removed, or an absolute-form target, only changes the start). The raw segment found there must
        // decode to the value the server gave, or the server rewrote the path (dot segments): then guess as before.
        var segments = context.Request.Path.Value?.Split('/') ?? [];
        var fromEnd = segments.Length - 1 - Array.LastIndexOf(segments, value);
        var rawSegments = RawPath(context.Features.Get<IHttpRequestFeature>()?.RawTarget).Split('/');
        var rawAt = rawSegments.Length - 1 - fromEnd;
        return fromEnd < segments.Length && rawAt >= 0 && DecodeExceptSlash(rawSegments[rawAt]) == value
            ? Uri.UnescapeDataString(rawSegments[rawAt])
            : value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The path of a request target, without its query, and without scheme and authority in absolute form.</summary>
    private static string RawPath(string? target)
    {
        target ??= "";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        if (path.StartsWith('/'))
        {
            return path;
        }

        var authority = path.IndexOf("://", StringComparison.Ordinal);
        var slash = authority < 0 ? -1 : path.IndexOf('/', authority + 3);
        return slash < 0 ? "" : path[slash..];
    }

    /// <summary>A raw segment decoded as the server decodes a path: everything but <c>%2F</c>.</summary>
    private static string DecodeExceptSlash(string raw) => PathString.FromUriComponent("/" + raw).Value![1..];

    /// <summary>Answers every other method on each mapped path; call once, after the last route.</summary>
    public void MapMethodNotAllowed()
    {
        foreach (var (pattern, allowed) in _allowed)
        {
            // OPTIONS is answered here too, so it is one of the path's methods (RFC 9110 §10.2.1).
            var allow = string.Join(", ", allowed.Append(HttpMethods.Options));
            // No method list: a list could only name known methods, and routing answers the others with its bare 405.
            // These answers disclose nothing but the methods, so they need neither a key nor the host's sign-in.
            group.Map(pattern, (HttpContext context) => HttpMethods.IsOptions(context.Request.Method) ? Options(context, allow) : MethodNotAllowed(context, allow))
                .ExcludeFromDescription().RequireScope(null).AllowAnonymous().Add(static endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue);
        }
    }

    /// <summary>The 405 ProblemDetails, with <paramref name="allow"/> as the <c>Allow</c> header.</summary>
    public static IResult MethodNotAllowed(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status405MethodNotAllowed,
            title: "Method not allowed",
            detail: $"{context.Request.Method} is not answered here; use {allow}.");
    }

    private static NoContent Options(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return TypedResults.NoContent();
    }

    private RouteHandlerBuilder Map(string pattern, string[] methods, Delegate handler)
    {
        if (!_allowed.TryGetValue(pattern, out var allowed))
        {
            _allowed[pattern] = allowed = [];
        }

        allowed.AddRange(methods);
        return group.MapMethods(pattern, methods, handler);
    }
}
