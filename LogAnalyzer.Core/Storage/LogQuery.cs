namespace LogAnalyzer.Storage;

/// <summary>Filters and page of a log search. Every filter that is set must match.</summary>
public sealed record LogQuery
{
    /// <summary>Only these levels; empty for all.</summary>
    public IReadOnlyList<LogEntryLevel> Levels { get; init; } = [];

    /// <summary>Only entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only entries before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only entries with this endpoint.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Only entries of this user.</summary>
    public string? UserId { get; init; }

    /// <summary>Only entries of this session.</summary>
    public string? SessionId { get; init; }

    /// <summary>Only entries with this error code.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Only entries of this pattern, including those of patterns since merged into it.</summary>
    public string? PatternId { get; init; }

    /// <summary>Only anomalous entries.</summary>
    public bool AnomalyOnly { get; init; }

    /// <summary>Full-text search: every word must occur in the message (a word ending in <c>*</c> matches as a prefix).</summary>
    public string? Text { get; init; }

    /// <summary>Oldest first instead of newest first (by time, then by id). Default: newest first.</summary>
    public bool OldestFirst { get; init; }

    /// <summary>The 1-based page. Default: 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>The page size. Default: 50.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>One page of a log search.</summary>
/// <param name="Total">How many entries match in all.</param>
/// <param name="Entries">This page's entries, newest first unless the query asked for <see cref="LogQuery.OldestFirst"/>.</param>
public sealed record LogPage(long Total, IReadOnlyList<LogEntry> Entries);

/// <summary>Counts over the stored entries.</summary>
/// <param name="Total">All entries.</param>
/// <param name="Anomalies">Entries marked anomalous.</param>
/// <param name="ByLevel">Entries per level; levels with none are absent.</param>
/// <param name="RecentErrors">The newest Error and Critical entries, newest first.</param>
public sealed record LogStats(long Total, long Anomalies, IReadOnlyDictionary<LogEntryLevel, long> ByLevel, IReadOnlyList<LogEntry> RecentErrors);
