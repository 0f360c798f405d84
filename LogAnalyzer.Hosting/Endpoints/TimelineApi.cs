using LogAnalyzer.Impact;
using LogAnalyzer.Insights;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary>The handlers of the timeline API: a session's journey, a user's sessions, an error code's blast radius.</summary>
internal sealed class TimelineApi(
    IInsightStore insights,
    ILogStore logs,
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

        var shown = options.Value.Insights.MaxTimelineEvents;
        var entries = await insights.GetSessionAsync(sessionId, shown, cancellationToken);
        var timeline = await timelines.BuildAsync(sessionId, entries, cancellationToken);
        if (timeline is null)
        {
            return NotFound($"There are no logs of session '{Shorten(sessionId)}'.");
        }

        var (summary, firstError) = entries.Count < shown ? (timeline.Summary, null) : await WholeSessionAsync(sessionId, timeline.Summary, cancellationToken);
        var errorAnalysis = timeline.ErrorAnalysis
            ?? (firstError is null ? null : await timelines.AnalyseLaterErrorAsync(timeline.Timeline, firstError, cancellationToken));
        return TypedResults.Json(
            new
            {
                success = true,
                sessionId,
                userId = timeline.UserId,
                summary,
                truncated = summary.TotalEvents > entries.Count ? true : (bool?)null,
                timeline = timeline.Timeline,
                errorAnalysis,
            },
            ApiJson.Options);
    }

    /// <summary>
    /// The summary of a session longer than the timeline shows: its counts and span come from the whole session, so
    /// an error after the last step shown still counts; and the session's first error, read by the same query.
    /// </summary>
    private async Task<(TimelineSummary Summary, LogEntry? FirstError)> WholeSessionAsync(string sessionId, TimelineSummary shown, CancellationToken cancellationToken)
    {
        var all = await logs.QueryAsync(new LogQuery { SessionId = sessionId, Limit = 1 }, cancellationToken);
        var errors = await logs.QueryAsync(new LogQuery { SessionId = sessionId, Levels = [LogEntryLevel.Error, LogEntryLevel.Critical], Limit = 1, OldestFirst = true }, cancellationToken);
        var last = all.Entries.Count > 0 ? all.Entries[0].Timestamp : shown.LastSeen;
        var summary = shown with
        {
            TotalEvents = (int)Math.Min(all.Total, int.MaxValue),
            Errors = (int)Math.Min(errors.Total, int.MaxValue),
            ErrorOccurred = errors.Total > 0,
            LastSeen = last,
            Duration = SessionTimelineBuilder.FormatDuration(last - shown.FirstSeen),
        };
        return (summary, errors.Entries.Count > 0 ? errors.Entries[0] : null);
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
