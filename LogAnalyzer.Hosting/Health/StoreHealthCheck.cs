using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Health;

/// <summary>
/// The store: unhealthy while it refuses writes (saying plainly when the disk is full), degraded when the SQLite
/// database's disk is nearly full.
/// </summary>
internal sealed class StoreHealthCheck(LogPipeline pipeline, ILogStore store, IOptions<LogAnalyzerOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "loganalyzer-store";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        if (pipeline.WriteFailure is { } failure)
        {
            data["failingSince"] = failure.Since;
            data["attempts"] = failure.Attempts;
            var minutes = Math.Max(0, (int)(time.GetUtcNow() - failure.Since).TotalMinutes);
            var description = failure.DiskFull
                ? $"The disk is full: the store has refused every write for {minutes} min ({failure.Error.GetType().Name}). Entries wait in the queue and are retried; free space on the store's disk."
                : $"The store has refused every write for {minutes} min ({failure.Error.GetType().Name}: {failure.Error.Message}). Entries wait in the queue and are retried.";
            data["diskFull"] = failure.DiskFull;
            return Task.FromResult(HealthCheckResult.Unhealthy(description, data: data));
        }

        // The store in use, not whichever is registered: with MongoDB the SQLite file is never written.
        if (store is SqliteLogStore sqlite && FreeMegabytes(sqlite.DatabasePath) is { } free)
        {
            data["freeDiskMegabytes"] = free;
            if (free < options.Value.Health.MinimumFreeDiskMegabytes)
            {
                return Task.FromResult(HealthCheckResult.Degraded(
                    $"Only {free} MB free on the disk of the store (LogAnalyzer:Health:MinimumFreeDiskMegabytes is {options.Value.Health.MinimumFreeDiskMegabytes}).", data: data));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy("The store accepts writes.", data));
    }

    private static long? FreeMegabytes(string databasePath)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? databasePath;
            return new DriveInfo(folder).AvailableFreeSpace / (1024 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
