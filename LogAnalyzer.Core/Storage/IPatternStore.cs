namespace LogAnalyzer.Storage;

/// <summary>
/// Where patterns are kept: one row per pattern with its template, first and last sighting, counts in total and
/// per level, and one sample message. A store that implements <see cref="ILogStore"/> updates these counts in the
/// same transaction as the entries it appends (from each entry's <see cref="LogEntry.PatternId"/>).
/// </summary>
public interface IPatternStore
{
    /// <summary>Records that patterns generalised into others, so that their ids keep resolving.</summary>
    /// <param name="merges">Each old id and the id of the pattern it now belongs to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the merges are stored.</returns>
    Task RecordMergesAsync(IReadOnlyList<PatternMerge> merges, CancellationToken cancellationToken);

    /// <summary>Lists current (unmerged) patterns, most frequent first.</summary>
    /// <param name="limit">The most patterns to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The patterns.</returns>
    Task<IReadOnlyList<PatternSummary>> ListPatternsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Finds a pattern by id; an id that was merged resolves to the pattern it now belongs to.</summary>
    /// <param name="id">The pattern id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pattern, or <see langword="null"/> when there is none.</returns>
    Task<PatternSummary?> GetPatternAsync(string id, CancellationToken cancellationToken);
}

/// <summary>A pattern that generalised into another.</summary>
/// <param name="FromId">The old pattern id.</param>
/// <param name="ToId">The id of the pattern it now belongs to.</param>
/// <param name="ToTemplate">That pattern's template, for a store that has not seen it yet; <see langword="null"/> to take the old one's.</param>
public sealed record PatternMerge(string FromId, string ToId, string? ToTemplate = null);

/// <summary>A pattern and its statistics.</summary>
/// <param name="Id">The stable pattern id.</param>
/// <param name="Template">The template, with <c>&lt;*&gt;</c> for the variable parts.</param>
/// <param name="FirstSeen">The first entry's timestamp.</param>
/// <param name="LastSeen">The latest entry's timestamp.</param>
/// <param name="Count">Entries in all, including those of patterns merged into it.</param>
/// <param name="CountByLevel">Entries per level; levels with none are absent.</param>
/// <param name="Sample">One message of the pattern.</param>
public sealed record PatternSummary(
    string Id,
    string Template,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Count,
    IReadOnlyDictionary<LogEntryLevel, long> CountByLevel,
    string? Sample);
