namespace LogAnalyzer.Storage.Sqlite;

/// <summary>The ids a search reads between: the range's earliest and latest entries, and the wider full-text window.</summary>
/// <param name="First">The lower of the ids of the range's earliest and latest entries.</param>
/// <param name="Last">The higher of the two.</param>
/// <param name="Low">Full-text hits from this id.</param>
/// <param name="High">Full-text hits up to this id.</param>
internal readonly record struct SearchIds(long First, long Last, long Low, long High);
