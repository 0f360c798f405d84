namespace LogAnalyzer.Impact;

/// <summary>Measures who and what failing entries touched (the impact of alerts, the blast radius of an error code).</summary>
public interface IImpactStore
{
    /// <summary>The impact of the entries the query matches.</summary>
    /// <param name="query">The range and narrowing.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The impact; <see cref="FailureImpact.None"/> when nothing matches.</returns>
    Task<FailureImpact> GetImpactAsync(ImpactQuery query, CancellationToken cancellationToken);
}
