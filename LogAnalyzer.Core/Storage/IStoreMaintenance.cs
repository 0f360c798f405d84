namespace LogAnalyzer.Storage;

/// <summary>
/// Deferred upkeep a store does between writes (such as merging full-text index segments) so that it stays off
/// the ingestion path. The pipeline's writer calls it only when no entry is waiting.
/// </summary>
internal interface IStoreMaintenance
{
    /// <summary>Does one bounded step of upkeep.</summary>
    /// <returns>Whether more upkeep remains.</returns>
    bool RunMaintenanceStep();
}
