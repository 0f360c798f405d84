using LogAnalyzer.Insights;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Endpoints;

/// <summary><c>GET /api/ai/trending</c>: the warning and error patterns with the most entries, their change and what they mean.</summary>
internal sealed class TrendingApi(IInsightStore insights, IPatternAnalysisStore analysisStore, TimeProvider time)
{
    /// <summary>How many points each pattern's sparkline has over the period (5 minutes each over an hour).</summary>
    public const int SparklineBuckets = 12;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var hours = QueryValues.Number(request, "hours", 1, 1, 24 * 30, errors);
        var limit = QueryValues.Number(request, "limit", 10, 1, 100, errors);
        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var trending = await insights.GetTrendingAsync(now.AddHours(-hours), now, limit, cancellationToken);
        // Stored analyses only: the worker keeps them current, and a list of ten patterns should not wait for ten explanations.
        var analyses = await analysisStore.GetAnalysesAsync(trending.Select(t => t.PatternId).ToList(), cancellationToken);
        var series = insights is IPatternSeriesSource source && trending.Count > 0
            ? await source.GetPatternSeriesAsync(trending.Select(t => t.PatternId).ToList(), now.AddHours(-hours), now, SparklineBuckets, cancellationToken)
            : null;
        return TypedResults.Json(
            new
            {
                success = true,
                hours,
                trending = trending.Select(t =>
                {
                    var analysis = analyses.GetValueOrDefault(t.PatternId);
                    return new
                    {
                        _id = analysis?.Summary ?? t.Template,
                        count = t.Count,
                        avgAnomalyScore = Math.Round(t.AverageAnomalyScore, 3),
                        severity = Severity(t, analysis?.Severity),
                        patternId = t.PatternId,
                        template = t.Template,
                        summary = analysis?.Summary,
                        previousCount = t.PreviousCount,
                        change = t.PreviousCount == 0 ? null : (double?)Math.Round((double)(t.Count - t.PreviousCount) / t.PreviousCount, 3),
                        isNew = t.PreviousCount == 0,
                        sample = t.Sample,
                        // Entries per twelfth of the period, oldest first; absent when the store cannot say.
                        sparkline = series is null ? null : series.GetValueOrDefault(t.PatternId) ?? new long[SparklineBuckets],
                    };
                }),
            },
            ApiJson.Options);
    }

    /// <summary>The analysis's severity when there is one; otherwise from the highest level and the anomaly score (the seed's lower-case names).</summary>
    private static string Severity(TrendingPattern pattern, string? analysed) => analysed?.ToLowerInvariant() ?? pattern.HighestLevel switch
    {
        LogEntryLevel.Critical => "critical",
        LogEntryLevel.Error when pattern.AverageAnomalyScore >= 0.7 => "critical",
        LogEntryLevel.Error => "high",
        _ => pattern.AverageAnomalyScore >= 0.7 ? "medium" : "low",
    };
}
