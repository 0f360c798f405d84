using LogAnalyzer.Analysis;

namespace LogAnalyzer.Tests.Analysis;

public sealed class ExceptionFingerprintTests
{
    private const string Timeout =
        """
        System.TimeoutException: The gateway did not answer within 5000 ms (order 123).
           at System.Net.Http.HttpClient.SendAsync(HttpRequestMessage request)
           at Shop.Payments.GatewayClient.ChargeAsync(Order order) in /src/Payments/GatewayClient.cs:line 42
           at Shop.Payments.PaymentService.PayAsync(Cart cart) in /src/Payments/PaymentService.cs:line 17
           at Microsoft.AspNetCore.Routing.EndpointMiddleware.Invoke(HttpContext context)
        """;

    [Fact]
    public void Of_Exception_KeepsTypeAndApplicationFramesOnly()
    {
        Assert.Equal(
            "System.TimeoutException\nShop.Payments.GatewayClient.ChargeAsync\nShop.Payments.PaymentService.PayAsync",
            ExceptionFingerprint.Of(Timeout));
    }

    [Fact]
    public void Of_SameFailureWithOtherValuesAndLines_GivesTheSameFingerprint()
    {
        var other = Timeout.Replace("order 123", "order 987", StringComparison.Ordinal).Replace("line 42", "line 44", StringComparison.Ordinal);

        Assert.Equal(ExceptionFingerprint.Of(Timeout), ExceptionFingerprint.Of(other));
    }

    [Fact]
    public void Of_DifferentType_GivesADifferentFingerprint()
    {
        var other = Timeout.Replace("System.TimeoutException", "System.InvalidOperationException", StringComparison.Ordinal);

        Assert.NotEqual(ExceptionFingerprint.Of(Timeout), ExceptionFingerprint.Of(other));
    }
}
