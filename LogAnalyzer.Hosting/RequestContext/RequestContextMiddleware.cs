using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.RequestContext;

/// <summary>
/// Puts the request's session id, user id and trace id into the logging scope, so every log of the request carries
/// them, and writes one request-completed entry per request straight into the pipeline (no logger in between, so
/// the entry exists whichever logging library the app uses).
/// </summary>
internal sealed class RequestContextMiddleware(
    RequestDelegate next,
    ILogPipeline pipeline,
    ILoggerFactory loggerFactory,
    IOptions<LogAnalyzerRequestContextOptions> options,
    IOptions<LogAnalyzerOptions> analyzerOptions,
    TimeProvider time)
{
    private readonly ILogger _scopeLogger = loggerFactory.CreateLogger("LogAnalyzer.RequestContext");
    private readonly LogAnalyzerRequestContextOptions _options = options.Value;
    private readonly LogEntryLimits _limits = analyzerOptions.Value.Limits;
    private readonly byte[]? _hashKey = options.Value.UserIdHashKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var timestamp = time.GetUtcNow();
        var sessionId = SessionId(context);
        var userId = UserId(context);
        var traceId = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
        var scope = new RequestScope(sessionId, userId, traceId);
        var failed = false;
        try
        {
            using (_scopeLogger.BeginScope(scope))
            {
                await next(context);
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (_options.WriteRequestCompletedEntries)
            {
                // Authentication may run after this middleware: look at the user again once the request is done.
                WriteCompleted(context, timestamp, time.GetElapsedTime(started), failed, sessionId, userId ?? UserId(context), traceId);
            }
        }
    }

    private void WriteCompleted(HttpContext context, DateTimeOffset timestamp, TimeSpan elapsed, bool failed, string? sessionId, string? userId, string traceId)
    {
        try
        {
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value;
            var path = context.Request.Path.Value ?? "/";
            var properties = new PropertyBag(3);
            properties.TryAdd("Method", context.Request.Method, 3);
            properties.TryAdd("StatusCode", status, 3);
            properties.TryAdd("Path", path, 3);
            var entry = new LogEntry
            {
                Timestamp = timestamp,
                Level = status >= 500 ? LogEntryLevel.Error : status >= 400 ? LogEntryLevel.Warning : LogEntryLevel.Information,
                Message = FormattableString.Invariant($"{context.Request.Method} {path} responded {status} in {elapsed.TotalMilliseconds:0.0} ms"),
                MessageTemplate = "{Method} {Path} responded {StatusCode} in {ResponseTime} ms",
                Endpoint = endpoint,
                SessionId = sessionId,
                UserId = userId,
                TraceId = traceId,
                ResponseTime = elapsed.TotalMilliseconds,
                Properties = properties,
            };
            pipeline.TryEnqueue(LogEntryClamp.Clamp(entry, _limits));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The request has been served; losing its summary entry must not fail it.
        }
    }

    private string? SessionId(HttpContext context)
    {
        if (_options.SessionCookieName is { Length: > 0 } cookie && context.Request.Cookies.TryGetValue(cookie, out var fromCookie) && !string.IsNullOrEmpty(fromCookie))
        {
            return fromCookie;
        }

        return _options.SessionHeaderName is { Length: > 0 } header && context.Request.Headers.TryGetValue(header, out var fromHeader) && !string.IsNullOrEmpty(fromHeader)
            ? fromHeader.ToString()
            : null;
    }

    private string? UserId(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        foreach (var type in _options.UserIdClaimTypes)
        {
            if (context.User.FindFirst(type)?.Value is { Length: > 0 } id)
            {
                return _hashKey is null ? id : Hash(_hashKey, id);
            }
        }

        return null;
    }

    internal static string Hash(byte[] key, string userId) => global::LogAnalyzer.Ai.Redaction.UserIdPseudonym.Hash(key, userId);
}
