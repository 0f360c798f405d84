using LogAnalyzer.Impact;

namespace LogAnalyzer.Tests.Impact;

public sealed class RevenueModelTests
{
    [Fact]
    public void Estimate_SeedExample_Is2350DollarsFor47PaymentSessions()
    {
        var model = new RevenueModel(new RevenueOptions());
        var impact = Impact(new EndpointImpact("/api/payment/charge", 123, 47), new EndpointImpact("/api/search", 40, 30));

        var loss = model.Estimate(impact);

        Assert.Equal(2_350m, loss);
        Assert.Equal("$2,350.00", model.Format(loss));
    }

    [Fact]
    public void Estimate_ConfiguredValues_LongestMatchingKeyWinsAndZeroDropsAnEndpoint()
    {
        var options = new RevenueOptions { CurrencySymbol = "€" };
        options.ValuePerFailedSession["/api/payment/refund"] = 5m;
        options.ValuePerFailedSession["checkout"] = 0m;
        var model = new RevenueModel(options);
        var impact = Impact(new EndpointImpact("/api/payment/refund", 10, 10), new EndpointImpact("/api/payment", 2, 2), new EndpointImpact("/api/checkout", 9, 9));

        Assert.Equal(150m, model.Estimate(impact));
        Assert.Equal("€150.00", model.Format(150m));
    }

    private static FailureImpact Impact(params EndpointImpact[] endpoints) =>
        FailureImpact.None with { AffectedLogs = endpoints.Sum(e => e.Entries), Endpoints = endpoints };
}
