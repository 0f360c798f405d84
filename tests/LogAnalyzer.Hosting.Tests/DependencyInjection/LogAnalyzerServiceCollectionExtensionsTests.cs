using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.DependencyInjection;

public sealed class LogAnalyzerServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLogAnalyzer_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddLogAnalyzer();
        services.AddLogAnalyzer(o => o.Pipeline.BatchSize = 7);

        Assert.Single(services, d => d.ServiceType == typeof(ILogStore));
        Assert.Single(services, d => d.ServiceType == typeof(ILogPipeline));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "LogAnalyzerHostedService");
    }

    [Fact]
    public void AddLogAnalyzer_ConfigurationThenDelegate_DelegateWins()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LogAnalyzer:Pipeline:BatchSize"] = "25",
            ["LogAnalyzer:Pipeline:Capacity"] = "2000",
            ["LogAnalyzer:Sqlite:Path"] = "custom/place.db",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        services.AddLogAnalyzer(o => o.Pipeline.Capacity = 3000);

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<LogAnalyzerOptions>>().Value;
        Assert.Equal(25, options.Pipeline.BatchSize);
        Assert.Equal(3000, options.Pipeline.Capacity);
        Assert.Equal("custom/place.db", options.Sqlite.Path);
    }

    [Fact]
    public void AddLogAnalyzer_ConfigurationSectionOverload_BindsThatSection()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:Logs:Pipeline:FlushInterval"] = "00:00:05",
        }).Build().GetSection("Telemetry:Logs");
        var services = new ServiceCollection();

        services.AddLogAnalyzer(section);

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<LogAnalyzerOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), options.Pipeline.FlushInterval);
    }

    [Fact]
    public async Task AddLogAnalyzer_InvalidOptions_FailsAtStartNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddLogAnalyzer(o => o.Pipeline.BatchSize = 0);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("LogAnalyzer:Pipeline:BatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapLogAnalyzerEndpoints_WithoutAddLogAnalyzer_ThrowsNamingTheFix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapLogAnalyzerEndpoints());

        Assert.Contains("AddLogAnalyzer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapLogAnalyzerEndpoints_WithPrefix_ServesUnderIt()
    {
        using var folder = new TempDirectory();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddLogAnalyzer().UseSqlite(folder.File("logs.db"));
        await using var app = builder.Build();
        var conventions = app.MapLogAnalyzerEndpoints("/loganalyzer");
        Assert.NotNull(conventions);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var health = await client.GetAsync("/loganalyzer/health", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
