namespace LogAnalyzer.Insights;

/// <summary>Stands in for <see cref="IInsightStore"/> when the app's own store has no insight reads: no sessions, trends or buckets.</summary>
internal sealed class NoInsightStore : IInsightStore
{
    public static readonly NoInsightStore Instance = new();

    public Task<IReadOnlyList<LogEntry>> GetSessionAsync(string sessionId, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LogEntry>>([]);

    public Task<IReadOnlyList<SessionSummary>> GetUserSessionsAsync(string userId, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SessionSummary>>([]);

    public Task<IReadOnlyList<TrendingPattern>> GetTrendingAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TrendingPattern>>([]);

    public Task<IReadOnlyList<TimeBucket>> GetBucketsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, TimeSpan bucket, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TimeBucket>>([]);

    public Task<SearchEvidence> SearchAsync(SearchFilter filter, int recentLogs, CancellationToken cancellationToken) =>
        Task.FromResult(new SearchEvidence(0, [], Impact.FailureImpact.None, [], []));

    public Task<SearchVocabulary> GetVocabularyAsync(CancellationToken cancellationToken) => Task.FromResult(new SearchVocabulary([], [], []));

    public Task<IReadOnlyList<ConversationTurn>> GetConversationAsync(string conversationId, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ConversationTurn>>([]);

    public Task SaveConversationAsync(string conversationId, IReadOnlyList<ConversationTurn> turns, DateTimeOffset updatedAt, DateTimeOffset expiredBefore, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
