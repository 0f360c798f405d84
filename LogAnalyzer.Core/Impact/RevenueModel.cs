using System.Globalization;

namespace LogAnalyzer.Impact;

/// <summary>
/// The estimated revenue loss of an impact: failed sessions on each revenue endpoint times that endpoint's average
/// value (<see cref="RevenueOptions.ValuePerFailedSession"/>), formatted as the seed's "$2,350.00".
/// </summary>
internal sealed class RevenueModel(RevenueOptions options)
{
    // Longest key first, so that "/api/payment/refund" can be valued apart from "payment".
    private readonly KeyValuePair<string, decimal>[] _values = options.ValuePerFailedSession
        .Where(p => p.Value > 0 && !string.IsNullOrWhiteSpace(p.Key))
        .OrderByDescending(p => p.Key.Length)
        .ToArray();

    public decimal Estimate(FailureImpact impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var total = 0m;
        foreach (var endpoint in impact.Endpoints)
        {
            total += endpoint.Sessions * ValueOf(endpoint.Endpoint);
        }

        return total;
    }

    public decimal ValueOf(string endpoint)
    {
        foreach (var (key, value) in _values)
        {
            if (endpoint.Contains(key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return 0m;
    }

    public bool IsRevenueEndpoint(string endpoint) => ValueOf(endpoint) > 0;

    public string Format(decimal amount) => options.CurrencySymbol + amount.ToString("N2", CultureInfo.InvariantCulture);
}
