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
}
