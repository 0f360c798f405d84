using LogAnalyzer.Alerts;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>The active alert the endpoint and dashboard tests act on: /api/payment failing, 12 users, $650 at risk.</summary>
internal static class PaymentAlert
{
    public static Alert Create(DateTimeOffset now) => new(
        Guid.NewGuid().ToString("N"), "CRITICAL_ENDPOINT", "CRITICAL_ENDPOINT:/api/payment", "HIGH", AlertStatus.Active,
        "Critical Endpoint Failing: /api/payment", "14 failures of 40 requests on /api/payment", 14, 12, 13, ["/api/payment"], ["Berlin"], now, now)
    {
        EstimatedRevenueLossAmount = 650m,
        EstimatedRevenueLoss = "$650.00",
    };
}
