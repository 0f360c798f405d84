namespace LogAnalyzer.Alerts;

/// <summary>
/// Stands in for <see cref="IAlertStore"/> when the app's own <see cref="Storage.ILogStore"/> keeps no alerts: no
/// statistics, so no rule fires, and the API lists none.
/// </summary>
internal sealed class NoAlertStore : IAlertStore
{
    public static readonly NoAlertStore Instance = new();

    public Task<WindowStats> GetWindowStatsAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        Task.FromResult(WindowStats.Empty);

    public Task<IReadOnlyList<Alert>> GetOpenAlertsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Alert>>([]);

    public Task SaveAsync(Alert alert, string? change, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> TrySaveAsync(Alert alert, string? change, Alert read, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<Alert?> GetAsync(string alertId, CancellationToken cancellationToken) => Task.FromResult<Alert?>(null);

    public Task<IReadOnlyList<Alert>> ListAsync(DateTimeOffset since, string? status, string? severity, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Alert>>([]);

    public Task<IReadOnlyList<Alert>> GetResolvedAsync(string fingerprint, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Alert>>([]);

    public Task<IReadOnlyList<AlertChange>> GetHistoryAsync(string alertId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AlertChange>>([]);

    public Task<int> DeleteResolvedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<DateTimeOffset?> GetFirstEntryTimeAsync(CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);
}
