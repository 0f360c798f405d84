using LogAnalyzer.Alerts;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Retention;

/// <summary>
/// The daily cleanup at <see cref="RetentionOptions.RunAt"/> (local time), on every instance for its own SQLite file and,
/// for a shared store, on the one instance of the fleet that holds the <c>retention</c> lease: entries older than
/// <see cref="RetentionOptions.Entries"/>, a small transaction at a time with a yield between two so the pipeline's
/// writes interleave, and resolved alerts older than <see cref="AlertOptions.Retention"/>.
/// </summary>
internal sealed partial class RetentionService(
    ILogStore store,
    IAlertStore alerts,
    Coordination.FleetJobs fleet,
    LogAnalyzerMetrics metrics,
    IOptions<LogAnalyzerOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    public const string Job = "retention";

    private long _nextRunTicks;

    private RetentionOptions Options => options.Value.Retention;

    /// <summary>When the service's timer is next due (UTC), once it is waiting for it; <see langword="null"/> before.</summary>
    internal DateTimeOffset? NextRunAt => Volatile.Read(ref _nextRunTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>The first run time after <paramref name="now"/>: <see cref="RetentionOptions.RunAt"/> today, then every <see cref="RetentionOptions.Interval"/>.</summary>
    internal static DateTimeOffset NextRun(DateTimeOffset now, TimeZoneInfo zone, RetentionOptions retention)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var todayAt = local.Date + retention.RunAt.ToTimeSpan();
        var first = new DateTimeOffset(todayAt, zone.GetUtcOffset(todayAt));
        if (first > now)
        {
            // Earlier runs of today's schedule may still lie ahead of now when the interval is under a day.
            var behind = (long)Math.Floor((first - now) / retention.Interval);
            return first - (behind * retention.Interval);
        }

        var passed = (long)Math.Floor((now - first) / retention.Interval) + 1;
        return first + (passed * retention.Interval);
    }

    /// <summary>Deletes what is past its retention now; returns how many entries and alerts went.</summary>
    internal async Task<(long Entries, int Alerts)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        long entries = 0;
        if (store is IEntryRetention retention)
        {
            var cutoff = now - Options.Entries;
            while (true)
            {
                var deleted = await retention.DeleteEntriesBeforeAsync(cutoff, Options.BatchSize, cancellationToken);
                entries += deleted;
                metrics.RetentionDeleted(deleted);
                if (deleted < Options.BatchSize)
                {
                    break;
                }

                // Let the pipeline's writer take the store between two batches.
                await Task.Yield();
            }
        }

        var alertCount = await alerts.DeleteResolvedBeforeAsync(now - options.Value.Alerts.Retention, cancellationToken);
        LogCleaned(logger, entries, alertCount);
        return (entries, alertCount);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var next = NextRun(now, time.LocalTimeZone, Options);
                var due = Task.Delay(next - now, time, stoppingToken);
                Volatile.Write(ref _nextRunTicks, next.UtcTicks);
                await due;
                try
                {
                    // A SQLite file is this instance's own, so every instance cleans its own; a shared store (MongoDB,
                    // which expires entries itself, and its alerts) is cleaned once across the fleet.
                    if (store is SqliteLogStore || await fleet.ShouldRunAsync(Job, Options.Interval, stoppingToken))
                    {
                        await RunOnceAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogCleanupFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await fleet.ReleaseAsync(Job);
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Retention deleted {Entries} entries and {Alerts} resolved alerts.")]
    private static partial void LogCleaned(ILogger logger, long entries, int alerts);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "The retention cleanup failed; the next scheduled run tries again.")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
