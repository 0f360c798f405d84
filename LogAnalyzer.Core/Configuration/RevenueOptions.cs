namespace LogAnalyzer;

/// <summary>
/// The revenue model (<c>LogAnalyzer:Revenue</c>) that alerts and the blast radius use: the estimated loss is the
/// failed sessions on each revenue endpoint times that endpoint's average value.
/// </summary>
public sealed class RevenueOptions
{
    /// <summary>
    /// Average value of a session per revenue endpoint: an endpoint that contains the key (case-insensitive; the
    /// longest matching key wins) is a revenue endpoint. Configuration adds to or overrides the defaults; set a
    /// value to 0 to drop one. Default: <c>payment</c> and <c>checkout</c> at 50 (the seed's $2,350 for 47 sessions).
    /// </summary>
    public IDictionary<string, decimal> ValuePerFailedSession { get; set; } =
        new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["payment"] = 50m, ["checkout"] = 50m };

    /// <summary>The currency symbol of formatted amounts ("$2,350.00"). Default: <c>$</c>.</summary>
    public string CurrencySymbol { get; set; } = "$";
}
