using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Mongo;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace LogAnalyzer.Tests.Storage;

/// <summary>Choosing the MongoDB store (UseMongoDb or configuration) and its status in <c>/health</c>.</summary>
public sealed class MongoRegistrationTests
{
    private const string UriVariable = "LOGANALYZER_TEST_MONGODB_URI";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void UseMongoDb_ConnectionAndDatabase_ReplacesSqliteForEveryStore()
    {
        var services = new ServiceCollection();
        services.AddLogAnalyzer().UseMongoDb("mongodb://db1:27017", "shop_logs");
        using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<MongoLogStore>(provider.GetRequiredService<ILogStore>());
        Assert.Same(store, provider.GetRequiredService<IPatternStore>());
        Assert.Same(store, provider.GetRequiredService<IPatternAnalysisStore>());
        Assert.Same(store, provider.GetRequiredService<LogAnalyzer.Alerts.IAlertStore>());
        Assert.Same(store, provider.GetRequiredService<LogAnalyzer.Impact.IImpactStore>());
        Assert.Same(store, provider.GetRequiredService<LogAnalyzer.Insights.IInsightStore>());
        Assert.Equal("shop_logs", store.Database.DatabaseNamespace.DatabaseName);
        Assert.Equal("db1", Assert.Single(store.Client.Settings.Servers).Host);
    }

    [Fact]
    public void AddLogAnalyzer_MongoDbSection_BindsConnectionPoolTimeoutsAndTheEntriesRetention()
    {
        using var provider = Configured(new()
        {
            ["LogAnalyzer:MongoDb:ConnectionString"] = "mongodb://db2:27017",
            ["LogAnalyzer:MongoDb:Database"] = "fleet",
            ["LogAnalyzer:MongoDb:MaxPoolSize"] = "80",
            ["LogAnalyzer:MongoDb:MinPoolSize"] = "0",
            ["LogAnalyzer:MongoDb:ServerSelectionTimeout"] = "00:00:03",
            ["LogAnalyzer:MongoDb:SocketTimeout"] = "00:00:30",
            ["LogAnalyzer:Retention:Entries"] = "14.00:00:00",
        });

        var store = Assert.IsType<MongoLogStore>(provider.GetRequiredService<ILogStore>());
        var settings = store.Client.Settings;
        Assert.Equal(("fleet", 80, 0), (store.Database.DatabaseNamespace.DatabaseName, settings.MaxConnectionPoolSize, settings.MinConnectionPoolSize));
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)), (settings.ServerSelectionTimeout, settings.SocketTimeout));
        Assert.Equal(TimeSpan.FromDays(14), store.Retention);
    }

    [Fact]
    public void AddLogAnalyzer_MongoDbWithRetentionOff_KeepsEntriesForEver()
    {
        using var provider = Configured(new()
        {
            ["LogAnalyzer:MongoDb:ConnectionString"] = "mongodb://db2:27017",
            ["LogAnalyzer:Retention:Enabled"] = "false",
        });

        Assert.Null(Assert.IsType<MongoLogStore>(provider.GetRequiredService<ILogStore>()).Retention);
    }

    [Theory]
    [InlineData("30", "LogAnalyzer:MongoDb:RetentionDays is no longer read: set LogAnalyzer:Retention:Entries instead (for 30 days: \"30.00:00:00\").")]
    [InlineData("0", "LogAnalyzer:MongoDb:RetentionDays is no longer read: set LogAnalyzer:Retention:Enabled to false instead to keep entries for ever.")]
    public void AddLogAnalyzer_ReplacedRetentionDaysInConfiguration_FailsNamingTheSettingThatReplacedIt(string days, string expected)
    {
        using var provider = Configured(new()
        {
            ["LogAnalyzer:MongoDb:ConnectionString"] = "mongodb://db2:27017",
            ["LogAnalyzer:MongoDb:RetentionDays"] = days,
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value);

        Assert.Equal([expected], error.Failures);
    }

    [Fact]
    public void AddLogAnalyzer_NoMongoDb_KeepsSqlite()
    {
        var services = new ServiceCollection();
        services.AddLogAnalyzer(o => o.Sqlite.Path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.db"));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<SqliteLogStore>(provider.GetRequiredService<ILogStore>());
    }

    [Fact]
    public async Task Health_NoMongoDb_ReportsNoMongoDbStatus()
    {
        await using var host = await ApiHost.StartAsync();

        var health = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal("OK", health.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, health.TryGetProperty("mongoDb", out var mongo) ? mongo.ValueKind : JsonValueKind.Null);
    }

    [Fact]
    public async Task Health_MongoDbUnreachable_ReportsDisconnectedAndDegraded()
    {
        // The entries stay in SQLite so that the host starts; the configured MongoDB on a closed port is pinged.
        await using var host = await ApiHost.StartAsync(
            o =>
            {
                o.MongoDb.ConnectionString = "mongodb://127.0.0.1:1";
                o.MongoDb.MinPoolSize = 0;
                o.MongoDb.ServerSelectionTimeout = TimeSpan.FromMilliseconds(200);
            },
            services => services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<SqliteLogStore>()));

        var health = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal("DEGRADED", health.GetProperty("status").GetString());
        Assert.Equal((true, false), (health.GetProperty("mongoDb").GetProperty("configured").GetBoolean(), health.GetProperty("mongoDb").GetProperty("connected").GetBoolean()));
    }

    [Fact]
    public async Task Health_MongoDbStore_ReportsConnected()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(uri), $"{UriVariable} is not set: set it to a MongoDB server to run this test.");
        var database = $"loganalyzer_test_{Guid.NewGuid():N}";
        try
        {
            await using var host = await ApiHost.StartAsync(o =>
            {
                o.MongoDb.ConnectionString = uri;
                o.MongoDb.Database = database;
                o.MongoDb.MinPoolSize = 0;
            });

            var health = await host.Client.GetFromJsonAsync<JsonElement>("/health", Ct);

            Assert.Equal("OK", health.GetProperty("status").GetString());
            Assert.True(health.GetProperty("mongoDb").GetProperty("connected").GetBoolean());
        }
        finally
        {
            using var client = new MongoClient(uri);
            await client.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    /// <summary>The services of <c>AddLogAnalyzer()</c> over the given configuration values.</summary>
    private static ServiceProvider Configured(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogAnalyzer();
        return services.BuildServiceProvider();
    }
}
