using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Tests.DependencyInjection;

/// <summary>The ILogger provider in a host that calls <c>AddLogAnalyzer</c> stores within the host's <c>LogAnalyzer:Limits</c>.</summary>
public sealed class HostLoggingLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Log_HostLimitsSet_ProviderStoresWithinThem()
    {
        await using var host = await ApiHost.StartAsync(
            o => (o.Limits.MaxMessageLength, o.Limits.MaxStringLength) = (100, 20),
            services => services.AddLogging(b => b.AddLogAnalyzer()));

        var entry = await LogLongAsync(host);

        Assert.Equal(100, entry.Message.Length);
        Assert.Equal(20, entry.UserId!.Length);
    }

    [Fact]
    public async Task Log_ProviderConfiguredWithoutLimits_StoresWithinTheHosts()
    {
        await using var host = await ApiHost.StartAsync(
            o => o.Limits.MaxMessageLength = 100,
            services => services.AddLogging(b => b.AddLogAnalyzer()),
            settings: new Dictionary<string, string?> { ["Logging:LogAnalyzer:IncludeScopes"] = "true", ["Logging:LogAnalyzer:Service"] = "checkout" });

        var entry = await LogLongAsync(host);

        Assert.Equal(("checkout", 100), (entry.Service, entry.Message.Length));
    }

    [Fact]
    public async Task Log_ProviderLimitsInConfiguration_TheyWinOverTheHosts()
    {
        await using var host = await ApiHost.StartAsync(
            o => o.Limits.MaxMessageLength = 100,
            services => services.AddLogging(b => b.AddLogAnalyzer()),
            settings: new Dictionary<string, string?> { ["Logging:LogAnalyzer:Limits:MaxMessageLength"] = "80" });

        var entry = await LogLongAsync(host);

        Assert.Equal(80, entry.Message.Length);
    }

    [Fact]
    public async Task Log_ProviderHasLimitsOfItsOwn_TheyWinOverTheHosts()
    {
        await using var host = await ApiHost.StartAsync(
            o => o.Limits.MaxMessageLength = 100,
            services => services.AddLogging(b => b.AddLogAnalyzer(p => p.Limits = new LogEntryLimits { MaxMessageLength = 60 })));

        var entry = await LogLongAsync(host);

        Assert.Equal(60, entry.Message.Length);
        Assert.Equal(200, entry.UserId!.Length);
    }

    private static async Task<LogEntry> LogLongAsync(ApiHost host)
    {
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Checkout")
            .LogInformation("{Text} by {UserId}", new string('x', 500), new string('u', 200));
        await host.Services.GetRequiredService<ILogPipeline>().FlushAsync(Ct);
        return Assert.Single((await host.Store.QueryAsync(new LogQuery { Limit = 100 }, Ct)).Entries, e => e.MessageTemplate == "{Text} by {UserId}");
    }
}
