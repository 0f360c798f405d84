using System.Globalization;

namespace LogAnalyzer.Insights;

/// <summary>A session as the seed's timeline: summary, the steps, and what went wrong.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="UserId">Its user, when known.</param>
/// <param name="Summary">Counts and duration.</param>
/// <param name="Timeline">The steps, oldest first.</param>
/// <param name="ErrorAnalysis">What the first error was, why, how to fix it and what the user went through; <see langword="null"/> without errors.</param>
public sealed record SessionTimeline(string SessionId, string? UserId, TimelineSummary Summary, IReadOnlyList<TimelineStep> Timeline, SessionErrorAnalysis? ErrorAnalysis);

/// <summary>A session's counts.</summary>
/// <param name="TotalEvents">Entries.</param>
/// <param name="Duration">From the first entry to the last, as "2m 34s".</param>
/// <param name="ErrorOccurred">Whether an Error or Critical entry occurred.</param>
/// <param name="FirstSeen">The first entry.</param>
/// <param name="LastSeen">The last entry.</param>
/// <param name="Errors">Error and Critical entries.</param>
public sealed record TimelineSummary(int TotalEvents, string Duration, bool ErrorOccurred, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Errors);

/// <summary>One step of a timeline.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="Action">What the user did, such as "Payment attempt", or "Error occurred: …".</param>
/// <param name="Stage">The journey stage (home, browse, search, cart, checkout, payment, login), when the endpoint has one.</param>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Level">The entry's level.</param>
/// <param name="IsError">Whether it is an Error or Critical entry.</param>
/// <param name="LogId">The entry's id.</param>
/// <param name="ResponseTime">The response time in milliseconds, when logged.</param>
public sealed record TimelineStep(DateTimeOffset Timestamp, string Action, string? Stage, string? Endpoint, string Level, bool IsError, long LogId, double? ResponseTime);

/// <summary>What went wrong in a session, from the first error's pattern analysis.</summary>
/// <param name="WhatHappened">The error, in a line.</param>
/// <param name="WhyItHappened">The likely cause.</param>
/// <param name="HowToFix">The first suggested fix.</param>
/// <param name="UserImpact">The journey up to the failure: "User completed: browse → cart → payment, but failed at payment".</param>
/// <param name="LogId">The first error's entry.</param>
/// <param name="PatternId">Its pattern.</param>
/// <param name="ErrorCode">Its error code.</param>
/// <param name="Source"><c>ai</c> or <c>builtin</c>: who wrote the analysis; <c>message</c> when there is no pattern.</param>
public sealed record SessionErrorAnalysis(string WhatHappened, string WhyItHappened, string HowToFix, string UserImpact, long LogId, string? PatternId, string? ErrorCode, string Source);

/// <summary>Builds <see cref="SessionTimeline"/>s: labels from <see cref="InsightOptions.Stages"/>, the analysis from <see cref="PatternExplanations"/>.</summary>
internal sealed class SessionTimelineBuilder(InsightOptions options, PatternExplanations explanations)
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["home"] = "Visited homepage",
        ["browse"] = "Browsed",
        ["search"] = "Searched",
        ["cart"] = "Viewed cart",
        ["checkout"] = "Checked out",
        ["payment"] = "Payment attempt",
        ["login"] = "Logged in",
    };

    private readonly KeyValuePair<string, string>[] _stages = options.Stages
        .Where(p => !string.IsNullOrWhiteSpace(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
        .OrderByDescending(p => p.Key.Length)
        .ToArray();

    public async Task<SessionTimeline?> BuildAsync(string sessionId, IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var steps = entries.Select(Step).ToList();
        var errors = steps.Count(s => s.IsError);
        var (first, last) = (entries[0].Timestamp, entries[^1].Timestamp);
        var summary = new TimelineSummary(entries.Count, FormatDuration(last - first), errors > 0, first, last, errors);
        var userId = entries.Select(e => e.UserId).FirstOrDefault(u => u is not null);
        return new SessionTimeline(sessionId, userId, summary, steps, await AnalyseAsync(entries, steps, cancellationToken));
    }

    /// <summary>"2m 34s", "45s", "1h 5m".</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var c = CultureInfo.InvariantCulture;
        return duration.TotalHours >= 1
            ? string.Create(c, $"{(int)duration.TotalHours}h {duration.Minutes}m")
            : duration.TotalMinutes >= 1 ? string.Create(c, $"{(int)duration.TotalMinutes}m {duration.Seconds}s") : string.Create(c, $"{duration.Seconds}s");
    }

    public string? StageOf(string? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

        foreach (var (key, stage) in _stages)
        {
            if (key == "/" ? endpoint == "/" : endpoint.Contains(key, StringComparison.OrdinalIgnoreCase))
            {
                return stage;
            }
        }

        return null;
    }

    private TimelineStep Step(LogEntry entry)
    {
        var stage = StageOf(entry.Endpoint);
        var isError = entry.Level >= LogEntryLevel.Error;
        var action = isError
            ? $"Error occurred: {Shorten(entry.Message)}"
            : stage is not null ? Labels.GetValueOrDefault(stage, char.ToUpperInvariant(stage[0]) + stage[1..]) : entry.Endpoint is { } endpoint ? $"Requested {endpoint}" : Shorten(entry.Message);
        return new TimelineStep(entry.Timestamp, action, stage, entry.Endpoint, entry.Level.ToName(), isError, entry.Id, entry.ResponseTime);
    }

    private async Task<SessionErrorAnalysis?> AnalyseAsync(IReadOnlyList<LogEntry> entries, List<TimelineStep> steps, CancellationToken cancellationToken)
    {
        var index = steps.FindIndex(s => s.IsError);
        if (index < 0)
        {
            return null;
        }

        return await ExplainAsync(entries[index], steps[index], steps.Take(index).Select(s => s.Stage), cancellationToken);
    }

    /// <summary>
    /// The analysis of a session's first error when it comes after the steps shown (a session longer than
    /// <see cref="InsightOptions.MaxTimelineEvents"/>): the journey before it is that of the steps shown.
    /// </summary>
    public Task<SessionErrorAnalysis> AnalyseLaterErrorAsync(IReadOnlyList<TimelineStep> shown, LogEntry error, CancellationToken cancellationToken) =>
        ExplainAsync(error, Step(error), shown.Select(s => s.Stage), cancellationToken);

    private async Task<SessionErrorAnalysis> ExplainAsync(LogEntry error, TimelineStep step, IEnumerable<string?> stagesBefore, CancellationToken cancellationToken)
    {
        var failedAt = step.Stage ?? error.Endpoint ?? "an unknown step";
        var journey = Journey(stagesBefore, step.Stage);
        var impact = journey.Count <= 1
            ? $"User failed at {failedAt} before completing any other step"
            : $"User completed: {string.Join(" → ", journey)}, but failed at {failedAt}";
        var explained = error.PatternId is { } patternId
            ? (await explanations.ExplainAsync([patternId], cancellationToken)).GetValueOrDefault(patternId)
            : null;
        return explained is null
            ? new SessionErrorAnalysis(Shorten(error.Message, 200), "No analysis yet: the entry has no pattern to explain.", "Look at the entry and the ones around it.", impact, error.Id, error.PatternId, error.ErrorCode, "message")
            : new SessionErrorAnalysis(
                explained.Summary,
                explained.RootCause,
                explained.SuggestedFixes.Count > 0 ? explained.SuggestedFixes[0] : "No fix suggested.",
                impact,
                error.Id,
                error.PatternId,
                error.ErrorCode,
                explained.Source);
    }

    /// <summary>The stages before the failure, consecutive repeats collapsed, ending with the failing stage.</summary>
    private static List<string> Journey(IEnumerable<string?> before, string? failing)
    {
        var journey = new List<string>();
        foreach (var stage in before.Append(failing).OfType<string>())
        {
            if (journey.Count == 0 || journey[^1] != stage)
            {
                journey.Add(stage);
            }
        }

        return journey;
    }

    private static string Shorten(string text, int max = 80) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
