using LogAnalyzer.Endpoints.Contracts;
using LogAnalyzer.Insights;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Endpoints;

/// <summary>The handlers of <c>POST /api/ai/search</c> (a question answered from the logs) and <c>POST /api/ai/chat</c> (the copilot).</summary>
internal sealed class CopilotApi(SearchService search, CopilotService copilot, IPatternAnalysisStore analyses)
{
    private const int MaxQuestionLength = 2_000;

    public async Task<IResult> SearchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<SearchRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<KeyValuePair<string, string>>();
        Text(body!.Query, "query", errors);
        if (body.TimeRange is < 1 or > 24 * 30)
        {
            errors.Add(new("timeRange", "'timeRange' must be a whole number of hours from 1 to 720."));
        }

        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var result = await search.AskAsync(body.Query!, body.TimeRange ?? 24, [], null, cancellationToken);
        return TypedResults.Json(await ResponseAsync(result, null, null, cancellationToken), ApiJson.Options);
    }

    public async Task<IResult> ChatAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<ChatRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<KeyValuePair<string, string>>();
        Text(body!.Message, "message", errors);
        if (body.ConversationId is { } id && (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.Add(new("conversationId", "'conversationId' must be 1 to 64 letters, digits, '-' or '_'."));
        }

        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var (conversationId, result) = await copilot.ChatAsync(body.ConversationId, body.Message!, cancellationToken);
        return TypedResults.Json(await ResponseAsync(result, conversationId, CopilotService.Reply(result), cancellationToken), ApiJson.Options);
    }

    private async Task<object> ResponseAsync(SearchResult result, string? conversationId, string? reply, CancellationToken cancellationToken)
    {
        var logs = result.RelevantLogs.Take(10).ToList();
        var patternAnalyses = await analyses.GetAnalysesAsync(logs.Where(l => l.PatternId is not null).Select(l => l.PatternId!).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var f = result.Intent.Filter;
        return new
        {
            success = true,
            conversationId,
            reply,
            answer = result.Answer,
            rootCause = result.RootCause,
            impact = result.Impact,
            suggestedFixes = result.SuggestedFixes,
            relevantLogs = LogEntryResponse.From(logs, patternAnalyses),
            citedLogIds = result.CitedLogIds,
            source = result.Source,
            modelError = result.ModelError,
            understood = new
            {
                description = result.Intent.Describe(),
                from = f.From,
                to = f.To,
                levels = f.Levels.Select(l => l.ToName()),
                topic = result.Intent.Topic.Length == 0 ? null : result.Intent.Topic,
                endpointTerms = f.EndpointTerms,
                errorCodeTerms = f.ErrorCodeTerms,
                cities = f.Cities,
                userIds = f.UserIds,
                sessionIds = f.SessionIds,
                words = f.Words,
                by = result.Intent.UnderstoodBy,
            },
            evidence = new
            {
                matches = result.Evidence.Matches,
                affectedUsers = result.Evidence.Impact.AffectedUsers,
                affectedSessions = result.Evidence.Impact.AffectedSessions,
                endpoints = result.Evidence.Impact.Endpoints.Select(e => new { e.Endpoint, count = e.Entries }),
                errorCodes = result.Evidence.Impact.ErrorCodes,
                cities = result.Evidence.Impact.Cities,
                patterns = result.Evidence.Patterns,
                overRepresented = result.Evidence.OverRepresented.Select(o => new { o.Dimension, o.Value, o.ShareOfMatches, o.ShareOfTraffic, lift = double.IsInfinity(o.Lift) ? (double?)null : Math.Round(o.Lift, 2) }),
            },
        };
    }

    private static void Text(string? value, string name, List<KeyValuePair<string, string>> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(name, $"'{name}' is required."));
        }
        else if (value.Length > MaxQuestionLength)
        {
            errors.Add(new(name, $"'{name}' must be at most {MaxQuestionLength:N0} characters."));
        }
        else if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(new(name, $"'{name}' must not contain control characters."));
        }
    }
}

/// <summary>The body of <c>POST /api/ai/search</c>.</summary>
internal sealed class SearchRequest
{
    public string? Query { get; set; }

    public int? TimeRange { get; set; }
}

/// <summary>The body of <c>POST /api/ai/chat</c>.</summary>
internal sealed class ChatRequest
{
    public string? ConversationId { get; set; }

    public string? Message { get; set; }
}
