using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Hosting.Security;

/// <summary>The ProblemDetails of access control and limits; none of them quotes the key the client sent.</summary>
internal static class ApiProblems
{
    public static IResult Unauthorized(HttpContext context, int keysSent)
    {
        context.Response.Headers.WWWAuthenticate = $"ApiKey realm=\"LogAnalyzer\", header=\"{ApiKeyAuthenticator.HeaderName}\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: keysSent switch
            {
                0 => $"Send an API key in the {ApiKeyAuthenticator.HeaderName} header.",
                1 => $"The API key in the {ApiKeyAuthenticator.HeaderName} header is not valid.",
                _ => $"Send one API key in one {ApiKeyAuthenticator.HeaderName} header; this request has {keysSent}.",
            });
    }

    public static IResult Forbidden(string scope) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: $"The API key does not have the '{scope}' scope this endpoint needs.");

    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"The rate limit of this client is used up. Retry after {seconds} s.");
    }

    public static IResult TooLarge(long limit) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large",
            detail: string.Create(CultureInfo.InvariantCulture, $"The body may be at most {limit} bytes (LogAnalyzer:Security:MaxRequestBodySize)."));

    /// <summary>A 500 that, outside development, says nothing of the exception: its text may name files, hosts or SQL.</summary>
    public static IResult Failed(HttpContext context, Exception exception, bool development)
    {
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status500InternalServerError,
            title: "An unexpected error occurred",
            detail: development ? exception.ToString() : "The request failed. The server's log has the details under this trace id.",
            extensions: new Dictionary<string, object?> { ["traceId"] = traceId });
    }
}
