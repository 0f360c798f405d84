namespace LogAnalyzer.Impact;

/// <summary>Stands in for <see cref="IImpactStore"/> when the app's own store measures no impact: every impact is empty.</summary>
internal sealed class NoImpactStore : IImpactStore
{
    public static readonly NoImpactStore Instance = new();

    public Task<FailureImpact> GetImpactAsync(ImpactQuery query, CancellationToken cancellationToken) => Task.FromResult(FailureImpact.None);
}
