using LogAnalyzer.Impact;
using LogAnalyzer.Insights;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary>The handlers of the timeline API: a session's journey, a user's sessions, an error code's blast radius.</summary>
internal sealed class TimelineApi(
    IInsightStore insights,
    IImpactStore impacts,
    SessionTimelineBuilder timelines,
    IOptions<LogAnalyzerOptions> options,
    TimeProvider time)
{
    private const int MaxIdLength = 1_024;
    private readonly RevenueModel _revenue = new(options.Value.Revenue);

    public async Task<IResult> SessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (sessionId.Length > MaxIdLength)
        {
            return ApiJson.Invalid("sessionId", $"'sessionId' must be at most {MaxIdLength:N0} characters.");
        }

        var entries = await insights.GetSessionAsync(sessionId, options.Value.Insights.MaxTimelineEvents, cancellationToken);
        var timeline = await timelines.BuildAsync(sessionId, entries, cancellationToken);
        return timeline is null
            ? NotFound($"There are no logs of session '{Shorten(sessionId)}'.")
            : TypedResults.Json(
                new { success = true, sessionId, userId = timeline.UserId, summary = timeline.Summary, timeline = timeline.Timeline, errorAnalysis = timeline.ErrorAnalysis },
                ApiJson.Options);
    }

    public async Task<IResult> UserAsync(string userId, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var limit = QueryValues.Number(request, "limit", 20, 1, 200, errors);
        if (userId.Length > MaxIdLength)
        {
            errors.Add(new("userId", $"'userId' must be at most {MaxIdLength:N0} characters."));
        }

        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var sessions = await insights.GetUserSessionsAsync(userId, limit, cancellationToken);
        return sessions.Count == 0
            ? NotFound($"There are no sessions of user '{Shorten(userId)}'.")
            : TypedResults.Json(
                new
                {
                    success = true,
                    userId,
                    count = sessions.Count,
                    sessions = sessions.Select(s => new
                    {
                        s.SessionId,
                        s.FirstSeen,
                        s.LastSeen,
                        duration = SessionTimelineBuilder.FormatDuration(s.LastSeen - s.FirstSeen),
                        totalEvents = s.Events,
                        errors = s.Errors,
                        errorOccurred = s.Errors > 0,
                        s.LastEndpoint,
                    }),
                },
                ApiJson.Options);
    }

    public async Task<IResult> BlastRadiusAsync(string errorCode, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var hours = QueryValues.Number(request, "hours", 1, 1, 24 * 30, errors);
        if (errorCode.Length > MaxIdLength)
        {
            errors.Add(new("errorCode", $"'errorCode' must be at most {MaxIdLength:N0} characters."));
        }

        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var impact = await impacts.GetImpactAsync(new ImpactQuery(now.AddHours(-hours), now) { ErrorCode = errorCode, MinimumLevel = LogEntryLevel.Trace }, cancellationToken);
        var loss = _revenue.Estimate(impact);
        return TypedResults.Json(
            new
            {
                success = true,
                blastRadius = new
                {
                    errorCode,
                    hours,
                    affectedUsers = impact.AffectedUsers,
                    affectedSessions = impact.AffectedSessions,
                    affectedCities = impact.Cities,
                    affectedEndpoints = impact.Endpoints.Select(e => e.Endpoint),
                    totalOccurrences = impact.AffectedLogs,
                    firstSeen = impact.FirstSeen,
                    lastSeen = impact.LastSeen,
                    estimatedRevenueLoss = _revenue.Format(loss),
                    estimatedRevenueLossAmount = loss,
                    endpoints = impact.Endpoints.Select(e => new { e.Endpoint, occurrences = e.Entries, sessions = e.Sessions, revenueLoss = _revenue.Format(e.Sessions * _revenue.ValueOf(e.Endpoint)) }),
                    patternIds = impact.PatternIds,
                },
            },
            ApiJson.Options);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private static string Shorten(string text) => text.Length > 64 ? text[..64] : text;
}
