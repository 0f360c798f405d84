using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests;

/// <summary>A real Kestrel host on a loopback port with LogAnalyzer on a SQLite file in a temp folder.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public ILogStore Store => Services.GetRequiredService<ILogStore>();

    public string DatabasePath => _folder.File("logs.db");

    /// <param name="configure">Changes LogAnalyzer's options after binding.</param>
    /// <param name="services">Registers services before <c>AddLogAnalyzer</c>, so they win over its defaults.</param>
    /// <param name="app">Adds middleware before the endpoints are mapped.</param>
    /// <param name="settings">Configuration values, such as <c>LogAnalyzer:Security:ApiKey</c>.</param>
    /// <param name="environment">The host environment. Default: Production.</param>
    /// <param name="endpoints">Adds conventions to the builder <c>MapLogAnalyzerEndpoints</c> returns.</param>
    public static async Task<ApiHost> StartAsync(
        Action<LogAnalyzerOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? app = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? environment = null,
        Action<IEndpointConventionBuilder>? endpoints = null)
    {
        var host = new ApiHost();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment ?? Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(host.Time);
        services?.Invoke(builder.Services);
        builder.Services.AddLogAnalyzer(options =>
        {
            options.Sqlite.Path = host.DatabasePath;
            // The whole test run shares one process and one temp disk: neither says anything about the host under test.
            options.Health.MemoryWarningMegabytes = 1_000_000;
            options.Health.MinimumFreeDiskMegabytes = 0;
            configure?.Invoke(options);
        });
        host._app = builder.Build();
        app?.Invoke(host._app);
        var conventions = host._app.MapLogAnalyzerEndpoints();
        endpoints?.Invoke(conventions);
        try
        {
            await host._app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // A host that fails to start (invalid options) still owns its app and temp folder.
            await host._app.DisposeAsync();
            host._folder.Dispose();
            throw;
        }

        var address = host._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        host.Client = new HttpClient { BaseAddress = new Uri(address) };
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            // Shutdown budgets run on the fake clock: keep it moving until the host has stopped.
            var stopping = _app.StopAsync(CancellationToken.None);
            while (!stopping.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMinutes(1));
                await Task.WhenAny(stopping, Task.Delay(10));
            }

            await stopping;
            await _app.DisposeAsync();
        }

        _folder.Dispose();
    }
}
