namespace LogAnalyzer.Insights;

/// <summary>The reads behind session timelines, trending patterns and charts.</summary>
public interface IInsightStore
{
    /// <summary>A session's entries, oldest first.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="limit">The most entries (the first ones).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries; none for an unknown session.</returns>
    Task<IReadOnlyList<LogEntry>> GetSessionAsync(string sessionId, int limit, CancellationToken cancellationToken);

    /// <summary>A user's sessions, the most recently active first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="limit">The most sessions.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sessions; none for an unknown user.</returns>
    Task<IReadOnlyList<SessionSummary>> GetUserSessionsAsync(string userId, int limit, CancellationToken cancellationToken);

    /// <summary>The warning and error patterns with the most entries in [<paramref name="periodStart"/>, <paramref name="periodEnd"/>] (to the minute), with their counts in the period before.</summary>
    /// <param name="periodStart">The period's start.</param>
    /// <param name="periodEnd">Its end (excluded).</param>
    /// <param name="limit">The most patterns.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The patterns, the most entries first.</returns>
    Task<IReadOnlyList<TrendingPattern>> GetTrendingAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, int limit, CancellationToken cancellationToken);

    /// <summary>Entries and errors per bucket over [<paramref name="periodStart"/>, <paramref name="periodEnd"/>), from per-minute rollups (so to the minute).</summary>
    /// <param name="periodStart">The range's start.</param>
    /// <param name="periodEnd">Its end (excluded).</param>
    /// <param name="bucket">The bucket size, a whole number of minutes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Every bucket of the range, empty ones included, oldest first.</returns>
    Task<IReadOnlyList<TimeBucket>> GetBucketsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>The evidence for a question: what matches the filter, and how it differs from all traffic in the range.</summary>
    /// <param name="filter">What the question selects.</param>
    /// <param name="recentLogs">How many of the newest matching entries to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The evidence; no matches is an answer too.</returns>
    Task<SearchEvidence> SearchAsync(SearchFilter filter, int recentLogs, CancellationToken cancellationToken);

    /// <summary>The endpoints, error codes and cities a question can name (at most 2,000 of each).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vocabulary.</returns>
    Task<SearchVocabulary> GetVocabularyAsync(CancellationToken cancellationToken);

    /// <summary>A copilot conversation's turns, oldest first; none when unknown or expired.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="notBefore">Conversations last updated before this are expired.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The turns.</returns>
    Task<IReadOnlyList<ConversationTurn>> GetConversationAsync(string conversationId, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Stores a conversation's turns (replacing the earlier ones) and forgets conversations last updated before <paramref name="expiredBefore"/>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="turns">Its turns, oldest first.</param>
    /// <param name="updatedAt">Now.</param>
    /// <param name="expiredBefore">The expiry bound.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when they are stored.</returns>
    Task SaveConversationAsync(string conversationId, IReadOnlyList<ConversationTurn> turns, DateTimeOffset updatedAt, DateTimeOffset expiredBefore, CancellationToken cancellationToken);
}

/// <summary>One turn of a copilot conversation.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Text">What was said.</param>
/// <param name="At">When.</param>
public sealed record ConversationTurn(string Role, string Text, DateTimeOffset At);

/// <summary>One session of a user.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="FirstSeen">Its first entry.</param>
/// <param name="LastSeen">Its last entry.</param>
/// <param name="Events">Its entries.</param>
/// <param name="Errors">Its Error and Critical entries.</param>
/// <param name="LastEndpoint">The endpoint of its last entry that had one.</param>
public sealed record SessionSummary(string SessionId, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long Events, long Errors, string? LastEndpoint);

/// <summary>A pattern's activity in a period and the period before.</summary>
/// <param name="PatternId">The pattern (merged patterns counted toward the one they joined).</param>
/// <param name="Template">Its template.</param>
/// <param name="Count">Warning, Error and Critical entries in the period.</param>
/// <param name="PreviousCount">The same in the period of equal length before.</param>
/// <param name="AverageAnomalyScore">The mean anomaly score of the period's entries.</param>
/// <param name="HighestLevel">The highest level among them.</param>
/// <param name="Sample">A sample message.</param>
public sealed record TrendingPattern(string PatternId, string Template, long Count, long PreviousCount, double AverageAnomalyScore, LogEntryLevel HighestLevel, string? Sample);

/// <summary>The counts of one time bucket.</summary>
/// <param name="Start">The bucket's start.</param>
/// <param name="Total">Entries.</param>
/// <param name="Errors">Error and Critical entries.</param>
/// <param name="Warnings">Warning entries.</param>
public sealed record TimeBucket(DateTimeOffset Start, long Total, long Errors, long Warnings)
{
    /// <summary>Errors as a share of entries (0 without entries).</summary>
    public double ErrorRate => Total == 0 ? 0 : (double)Errors / Total;
}
