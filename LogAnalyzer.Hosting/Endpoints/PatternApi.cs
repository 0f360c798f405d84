using LogAnalyzer.Endpoints.Contracts;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary>The handlers of the patterns API (<c>/api/patterns…</c>).</summary>
internal sealed class PatternApi(IPatternStore patterns, IPatternAnalysisStore analyses, IOptions<LogAnalyzerOptions> options)
{
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var limit = QueryValues.Number(request, "limit", options.Value.Api.DefaultPageSize, 1, options.Value.Api.MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var list = await patterns.ListPatternsAsync(limit, cancellationToken);
        var found = await analyses.GetAnalysesAsync(list.Select(p => p.Id).ToList(), cancellationToken);
        return TypedResults.Json(new { success = true, patterns = list.Select(p => PatternResponse.From(p, found)) }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length > options.Value.Limits.MaxStringLength)
        {
            return ApiJson.Invalid("id", "The pattern id is too long.");
        }

        var pattern = await patterns.GetPatternAsync(id, cancellationToken);
        if (pattern is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no pattern with that id.");
        }

        var found = await analyses.GetAnalysesAsync([pattern.Id], cancellationToken);
        return TypedResults.Json(new { success = true, pattern = PatternResponse.From(pattern, found) }, ApiJson.Options);
    }
}
