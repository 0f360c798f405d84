using System.Globalization;
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
        var max = options.Value.Api.MaxPageSize;
        var limit = options.Value.Api.DefaultPageSize;
        var errors = new List<KeyValuePair<string, string>>();
        var text = QueryValues.Single(request.Query, "limit", errors);
        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max))
        {
            return ApiJson.Invalid("limit", $"'limit' must be a whole number from 1 to {max}.");
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
