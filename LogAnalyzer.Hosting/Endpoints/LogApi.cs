using System.Globalization;
using LogAnalyzer.Endpoints.Contracts;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Endpoints;

/// <summary>The handlers of the logs API (<c>/api/logs…</c>).</summary>
internal sealed class LogApi(ILogPipeline pipeline, Hosting.Queue.RedisQueueServices redisQueue, ILogStore store, IPatternAnalysisStore analyses, Insights.IInsightStore insights, LogEntryValidator validator, IOptions<LogAnalyzerOptions> options, TimeProvider time)
{
    private readonly LogAnalyzerOptions _options = options.Value;

    public async Task<IResult> PostOneAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<LogEntryRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<KeyValuePair<string, string>>();
        var now = time.GetUtcNow();
        var entry = body!.ToEntry(string.Empty, now, errors);
        validator.Validate(entry, string.Empty, now, errors);
        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        return await IngestAsync([entry], request.HttpContext, "Log stored", cancellationToken);
    }

    public async Task<IResult> PostBatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<LogBatchRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var logs = body!.Logs;
        var max = _options.Api.MaxBatchEntries;
        if (logs is null || logs.Count == 0)
        {
            return ApiJson.Invalid("logs", "The batch must hold at least one log.");
        }

        if (logs.Count > max)
        {
            return ApiJson.Invalid("logs", $"A batch may hold at most {max} logs; this one holds {logs.Count}.");
        }

        // Validate the whole batch first: a batch is stored whole or not at all.
        var errors = new List<KeyValuePair<string, string>>();
        var now = time.GetUtcNow();
        var entries = new LogEntry[logs.Count];
        for (var i = 0; i < logs.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"logs[{i}].");
            if (logs[i] is not { } item)
            {
                errors.Add(new($"logs[{i}]", "Each log must be an object."));
                continue;
            }

            entries[i] = item.ToEntry(prefix, now, errors);
            validator.Validate(entries[i], prefix, now, errors);
        }

        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        return await IngestAsync(entries, request.HttpContext, $"Batch of {entries.Length} logs stored", cancellationToken);
    }

    public async Task<IResult> QueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var query = LogQueryParser.Parse(request.Query, _options.Api, _options.Limits, errors);
        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var page = await store.QueryAsync(query, cancellationToken);
        return TypedResults.Json(new { success = true, page = query.Page, limit = query.Limit, total = page.Total, logs = LogEntryResponse.From(page.Entries, await AnalysesOfAsync(page.Entries, cancellationToken)) }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return ApiJson.Invalid("id", "The id must be a positive whole number.");
        }

        var entry = await store.GetAsync(value, cancellationToken);
        return entry is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no log with id {value}.")
            : TypedResults.Json(new { success = true, log = LogEntryResponse.From(entry, await AnalysesOfAsync([entry], cancellationToken)) }, ApiJson.Options);
    }

    /// <summary>Bucket sizes the chart picks from: the smallest that keeps a range within about 100 buckets.</summary>
    private static readonly int[] BucketMinutes = [1, 5, 15, 30, 60, 180, 360, 720, 1_440];

    public async Task<IResult> StatsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var hours = QueryValues.Number(request, "hours", 24, 1, 24 * 30, errors);
        var bucket = QueryValues.Number(request, "bucketMinutes", BucketMinutes.First(m => m * 100 >= hours * 60 || m == BucketMinutes[^1]), 1, 1_440, errors);
        if (hours * 60 / bucket > 10_000)
        {
            errors.Add(new("bucketMinutes", "'bucketMinutes' is too small for the range: at most 10,000 buckets."));
        }

        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var buckets = await insights.GetBucketsAsync(now.AddHours(-hours), now, TimeSpan.FromMinutes(bucket), cancellationToken);
        var stats = await store.GetStatsAsync(_options.Api.RecentErrors, cancellationToken);
        var byLevel = stats.ByLevel.OrderByDescending(p => p.Key).ToDictionary(p => p.Key.ToName(), p => p.Value);
        return TypedResults.Json(
            new
            {
                success = true,
                stats = new { total = stats.Total, anomalies = stats.Anomalies, byLevel },
                recentErrors = LogEntryResponse.From(stats.RecentErrors, await AnalysesOfAsync(stats.RecentErrors, cancellationToken)),
                timeline = new
                {
                    hours,
                    bucketMinutes = bucket,
                    buckets = buckets.Select(b => new { start = b.Start, total = b.Total, errors = b.Errors, warnings = b.Warnings, errorRate = Math.Round(b.ErrorRate, 4) }),
                },
            },
            ApiJson.Options);
    }

    public async Task<IResult> QueueStats()
    {
        var s = pipeline.Stats;
        var local = new { waiting = s.Waiting, active = s.Active, completed = s.Completed, failed = s.Failed, dropped = s.Dropped, capacity = s.Capacity, overloaded = s.Overloaded };
        if (!redisQueue.Enabled)
        {
            return TypedResults.Json(new { queue = local }, ApiJson.Options);
        }

        // In Redis mode the seed's figures are the fleet's stream; this instance's own queue is beside them.
        var stream = await redisQueue.TryReadStatisticsAsync();
        return TypedResults.Json(
            new
            {
                queue = stream is null
                    ? null
                    : new { waiting = stream.Waiting, active = stream.Active, completed = stream.Completed, failed = stream.Failed, dropped = s.Dropped },
                backend = "redis",
                redis = new { reachable = stream is not null, fallingBack = redisQueue.FallingBack },
                local,
            },
            ApiJson.Options);
    }

    private async Task<IResult> IngestAsync(IReadOnlyList<LogEntry> entries, HttpContext context, string message, CancellationToken cancellationToken)
    {
        var result = await pipeline.EnqueueAsync(entries, cancellationToken);
        if (result == EnqueueResult.Committed)
        {
            // Through the Redis queue the entries are acknowledged in the stream; they get ids when a consumer stores them.
            var ids = entries.All(e => e.Id > 0) ? entries.Select(e => e.Id) : null;
            return TypedResults.Json(new { success = true, message, ids }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
        }

        // Nothing of this request is stored: tell the client to come back rather than drop its logs.
        var retryAfter = Math.Max(1, (int)Math.Ceiling(_options.Pipeline.FlushInterval.TotalSeconds));
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: result == EnqueueResult.QueueFull ? "The ingestion queue is full" : "LogAnalyzer is shutting down",
            detail: $"Nothing was stored. Retry after {retryAfter} s.");
    }

    private Task<IReadOnlyDictionary<string, PatternAnalysis>> AnalysesOfAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken) =>
        analyses.GetAnalysesAsync(entries.Where(e => e.PatternId is not null).Select(e => e.PatternId!).ToHashSet(StringComparer.Ordinal), cancellationToken);
}
