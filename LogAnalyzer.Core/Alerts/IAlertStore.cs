namespace LogAnalyzer.Alerts;

/// <summary>Where alerts and every change to them are kept, and the window statistics the rules read.</summary>
public interface IAlertStore
{
    /// <summary>Counts entries over [<paramref name="windowStart"/>, <paramref name="windowEnd"/>).</summary>
    /// <param name="windowStart">The window's start.</param>
    /// <param name="windowEnd">Its end (excluded).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<WindowStats> GetWindowStatsAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken);

    /// <summary>The alerts that are active or acknowledged.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open alerts.</returns>
    Task<IReadOnlyList<Alert>> GetOpenAlertsAsync(CancellationToken cancellationToken);

    /// <summary>Stores the alert (new or changed) and, for a change of state, a history record, together.</summary>
    /// <param name="alert">The alert as it is now.</param>
    /// <param name="change">What happened (raised, escalated, acknowledged, resolved, cleared), or <see langword="null"/> for new evidence only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when both are stored.</returns>
    Task SaveAsync(Alert alert, string? change, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a change to an existing alert, as <see cref="SaveAsync"/>, only if the stored alert is still as it was
    /// read (<paramref name="read"/>'s status and update time): two changes made from the same reading (two resolves,
    /// or a resolve and an evaluation) cannot both apply. A store without this stores unconditionally (the default).
    /// </summary>
    /// <param name="alert">The alert as it is now.</param>
    /// <param name="change">What happened, or <see langword="null"/> for new evidence only.</param>
    /// <param name="read">The alert as it was read when the change was made.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was stored; <see langword="false"/> when the alert changed meanwhile, or it is gone.</returns>
    async Task<bool> TrySaveAsync(Alert alert, string? change, Alert read, CancellationToken cancellationToken)
    {
        await SaveAsync(alert, change, cancellationToken);
        return true;
    }

    /// <summary>One alert by id.</summary>
    /// <param name="alertId">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alert, or <see langword="null"/>.</returns>
    Task<Alert?> GetAsync(string alertId, CancellationToken cancellationToken);

    /// <summary>Alerts raised or updated since <paramref name="since"/>, newest first.</summary>
    /// <param name="since">The earliest update time.</param>
    /// <param name="status">Only this status, when given.</param>
    /// <param name="severity">Only this severity, when given.</param>
    /// <param name="limit">The most alerts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alerts.</returns>
    Task<IReadOnlyList<Alert>> ListAsync(DateTimeOffset since, string? status, string? severity, int limit, CancellationToken cancellationToken);

    /// <summary>The resolved alerts with this fingerprint, the most recently resolved first.</summary>
    /// <param name="fingerprint">The fingerprint (rule and scope).</param>
    /// <param name="limit">The most alerts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alerts.</returns>
    Task<IReadOnlyList<Alert>> GetResolvedAsync(string fingerprint, int limit, CancellationToken cancellationToken);

    /// <summary>Every change of one alert, oldest first.</summary>
    /// <param name="alertId">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changes; none for an unknown id.</returns>
    Task<IReadOnlyList<AlertChange>> GetHistoryAsync(string alertId, CancellationToken cancellationToken);

    /// <summary>Deletes resolved alerts last updated before <paramref name="cutoff"/>, with their history, in small batches.</summary>
    /// <param name="cutoff">The oldest update time kept.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many alerts were deleted.</returns>
    Task<int> DeleteResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>The time of the oldest stored entry (rules tell the app's usual behaviour from new behaviour with it).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The time, or <see langword="null"/> for an empty store.</returns>
    Task<DateTimeOffset?> GetFirstEntryTimeAsync(CancellationToken cancellationToken);
}

/// <summary>One change in an alert's history.</summary>
/// <param name="At">When.</param>
/// <param name="Change">raised, reopened, escalated, acknowledged, resolved or cleared.</param>
/// <param name="Status">The status after it.</param>
/// <param name="Severity">The severity after it.</param>
/// <param name="By">Who made it (acknowledged and resolved), when known.</param>
/// <param name="Note">The resolution note (resolved).</param>
public sealed record AlertChange(DateTimeOffset At, string Change, string Status, string Severity, string? By, string? Note);
