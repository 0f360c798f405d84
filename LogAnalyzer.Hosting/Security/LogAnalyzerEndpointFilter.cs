using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LogAnalyzer.Hosting.Security;

/// <summary>
/// Runs on every LogAnalyzer endpoint, in this order: security headers, the rate limit (before the key check, so
/// guessing keys is limited too), the API key and its scope, the body size limit, the handler (its failures become
/// ProblemDetails without internal detail outside development) and response compression.
/// </summary>
internal sealed partial class LogAnalyzerEndpointFilter(
    ApiKeyAuthenticator keys,
    ApiRateLimiter limiter,
    ApiResponseCompression compression,
    IOptions<LogAnalyzerOptions> options,
    IHostEnvironment? environment,
    ILogger<LogAnalyzerEndpointFilter> logger) : IEndpointFilter
{
    private readonly SecurityOptions _security = options.Value.Security;
    private readonly bool _development = environment?.IsDevelopment() ?? false;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_security.SecurityHeaders)
        {
            SecurityHeaders.Apply(http.Response.Headers);
        }

        var result = Admit(http) ?? await RunAsync(context, next);
        if (!_security.ResponseCompression || result is null)
        {
            return result;
        }

        if (!http.Request.Headers.ContainsKey(HeaderNames.AcceptEncoding))
        {
            // Nothing would be compressed: skip wrapping the body, but tell caches the answer depends on the header.
            http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            return result;
        }

        await compression.WriteAsync(http, c => ExecuteAsync(result, c));
        return EmptyHttpResult.Instance;
    }

    /// <summary>The answer that refuses the request before its handler runs, or <see langword="null"/> to run it.</summary>
    private IResult? Admit(HttpContext http)
    {
        var header = http.Request.Headers[ApiKeyAuthenticator.HeaderName];
        var identity = keys.Authenticate(header);
        var client = identity is not null ? "key:" + identity.Name : "ip:" + http.Connection.RemoteIpAddress;
        if (limiter.TryAcquire(client) is { } retryAfter)
        {
            return ApiProblems.TooManyRequests(http, retryAfter);
        }

        if (keys.Enabled && ApiScopeMetadata.For(http) is { } scope)
        {
            if (identity is null)
            {
                return ApiProblems.Unauthorized(http, keysSent: header.Count);
            }

            if (!identity.Has(scope))
            {
                return ApiProblems.Forbidden(scope);
            }
        }

        var max = _security.MaxRequestBodySize;
        if (http.Request.ContentLength > max)
        {
            return ApiProblems.TooLarge(max);
        }

        // A chunked body has no length up front: Kestrel stops reading it at the limit (caught in RunAsync).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        return null;
    }

    private async ValueTask<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.TooLarge(_security.MaxRequestBodySize);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode is >= 400 and < 500)
        {
            // A body cut short or malformed at the HTTP level: the client's fault, not a 500.
            return TypedResults.Problem(statusCode: ex.StatusCode, title: "The request could not be read", detail: _development ? ex.Message : null);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted)
        {
            RequestFailed(logger, ex, http.Request.Method, http.Request.Path.Value);
            return ApiProblems.Failed(http, ex, _development);
        }
    }

    private static Task ExecuteAsync(object result, HttpContext context) => result switch
    {
        IResult r => r.ExecuteAsync(context),
        string text => TypedResults.Text(text).ExecuteAsync(context),
        _ => Results.Json(result).ExecuteAsync(context),
    };

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "The LogAnalyzer API request {Method} {Path} failed.")]
    private static partial void RequestFailed(ILogger logger, Exception exception, string method, string? path);
}
