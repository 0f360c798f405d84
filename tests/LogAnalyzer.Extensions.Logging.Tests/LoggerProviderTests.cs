using System.Text.Json;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Tests;

public sealed partial class LoggerProviderTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private LogAnalyzerEngine _engine = null!;

    public async ValueTask InitializeAsync() =>
        _engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("logs.db") } }, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Log_WithTemplatePropertiesEventIdAndException_MapsEveryPart()
    {
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(_engine.Pipeline, o => o.Service = "shop"));
        var logger = factory.CreateLogger("Shop.Payments");

        logger.LogError(new EventId(42, "PaymentFailed"), new InvalidOperationException("gateway down"),
            "Payment of {Amount} failed for {UserId} on {RequestPath} with {ErrorCode} after {ElapsedMilliseconds} ms in {City}",
            12.5, "user_1", "/api/payment", "PAYMENT_GATEWAY_TIMEOUT", 5000, "Paris");
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal(LogEntryLevel.Error, entry.Level);
        Assert.StartsWith("Payment of 12.5 failed for user_1", entry.Message, StringComparison.Ordinal);
        Assert.Equal("Payment of {Amount} failed for {UserId} on {RequestPath} with {ErrorCode} after {ElapsedMilliseconds} ms in {City}", entry.MessageTemplate);
        Assert.Equal("user_1", entry.UserId);
        Assert.Equal("/api/payment", entry.Endpoint);
        Assert.Equal("PAYMENT_GATEWAY_TIMEOUT", entry.ErrorCode);
        Assert.Equal(5000, entry.ResponseTime);
        Assert.Equal("Paris", entry.City);
        Assert.Equal("shop", entry.Service);
        Assert.Contains("System.InvalidOperationException: gateway down", entry.Exception, StringComparison.Ordinal);
        var properties = entry.Properties!;
        Assert.Equal(12.5, ((JsonElement)properties["Amount"]!).GetDouble());
        Assert.Equal(42, ((JsonElement)properties["EventId"]!).GetInt32());
        Assert.Equal("PaymentFailed", ((JsonElement)properties["EventName"]!).GetString());
        Assert.Equal("Shop.Payments", ((JsonElement)properties["Category"]!).GetString());
        Assert.False(properties.ContainsKey("UserId"));
    }

    [Fact]
    public async Task Log_InsideDictionaryScope_StoresScopeValues()
    {
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(_engine.Pipeline));
        var logger = factory.CreateLogger("Shop.Cart");

        using (logger.BeginScope(new Dictionary<string, object?> { ["SessionId"] = "sess_9", ["Tenant"] = "acme" }))
        using (logger.BeginScope("checkout step {Step}", 2))
        {
            logger.LogInformation("Cart viewed");
        }

        logger.LogInformation("Outside");
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entries = await StoreReader.AllAsync(_engine.Store);
        var inside = Assert.Single(entries, e => e.Message == "Cart viewed");
        Assert.Equal("sess_9", inside.SessionId);
        Assert.Equal("acme", ((JsonElement)inside.Properties!["Tenant"]!).GetString());
        Assert.Equal(2, ((JsonElement)inside.Properties["Step"]!).GetInt32());
        Assert.Null(Assert.Single(entries, e => e.Message == "Outside").SessionId);
    }

    [Fact]
    public async Task Log_BelowLevelConfiguredForProviderAlias_IsNotStored()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogAnalyzer:LogLevel:Default"] = "Warning",
        }).Build();
        using var factory = LoggerFactory.Create(b => b
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddLogAnalyzer(_engine.Pipeline));
        var logger = factory.CreateLogger("Shop");

        logger.LogInformation("quiet");
        logger.LogWarning("loud");
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal("loud", Assert.Single(await StoreReader.AllAsync(_engine.Store)).Message);
    }

    [Fact]
    public async Task Log_EnabledOnceWarm_AllocatesNothingOnTheCallingThread()
    {
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddLogAnalyzer(_engine.Pipeline));
        var logger = factory.CreateLogger("Shop");
        for (var i = 0; i < 200; i++)
        {
            LogOrderInfo(logger, i, "user_1", 9.99);
        }

        // Written and their captures back in the pool: the next calls reuse them.
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            LogOrderInfo(logger, i, "user_1", 9.99);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, allocated);
        Assert.Equal(300, (await _engine.Store.QueryAsync(new LogQuery { Limit = 1 }, TestContext.Current.CancellationToken)).Total);
    }

    [Fact]
    public async Task Log_StateObjectChangedAfterTheCall_StoresItAsItWasAtTheCall()
    {
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(_engine.Pipeline));
        var logger = factory.CreateLogger("Shop");
        var state = new LiveState { Path = "/api/cart" };
        var scope = new Dictionary<string, object?> { ["Step"] = "cart" };

        using (logger.BeginScope(scope))
        {
            // Like ASP.NET Core's request logs, which read the (reused) HttpContext when they are rendered.
            logger.Log(LogLevel.Information, default, state, null, (s, _) => $"Request {s.Path}");
        }

        (state.Path, scope["Step"]) = ("/api/next-request", "payment");
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal("Request /api/cart", entry.Message);
        Assert.Equal("/api/cart", ((JsonElement)entry.Properties!["Path"]!).GetString());
        Assert.Equal("cart", ((JsonElement)entry.Properties["Step"]!).GetString());
    }

    [Fact]
    public async Task Log_FormatterThrows_StoresTheEventWithItsTemplate()
    {
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(_engine.Pipeline));
        var logger = factory.CreateLogger("Shop");
        var state = new List<KeyValuePair<string, object?>> { new("OrderId", 7), new("{OriginalFormat}", "Order {OrderId} shipped") };

        logger.Log(LogLevel.Warning, default, state, null, (_, _) => throw new FormatException("bad format"));
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal(LogEntryLevel.Warning, entry.Level);
        Assert.Equal("Order {OrderId} shipped (the message could not be rendered: FormatException)", entry.Message);
        Assert.Equal("Order {OrderId} shipped", entry.MessageTemplate);
        Assert.Equal(7, ((JsonElement)entry.Properties!["OrderId"]!).GetInt32());
    }

    [Fact]
    public void Log_DisabledLevel_AllocatesNothing()
    {
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddLogAnalyzer(_engine.Pipeline));
        var logger = factory.CreateLogger("Shop");
        LogOrderDebug(logger, 1, "user_1", 9.99);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            LogOrderDebug(logger, i, "user_1", 9.99);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Log_LongValues_AreTruncatedNotRejected()
    {
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(_engine.Pipeline, o => o.Limits = new LogEntryLimits { MaxMessageLength = 100, MaxStringLength = 10, MaxProperties = 2 }));
        var logger = factory.CreateLogger("Shop");

        logger.LogInformation("{A} {B} {C} {UserId}", new string('a', 50), "b", "c", new string('u', 50));
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal(100, entry.Message.Length);
        Assert.Equal(10, entry.UserId!.Length);
        Assert.Equal(2, entry.Properties!.Count);
        Assert.Equal(10, ((JsonElement)entry.Properties["A"]!).GetString()!.Length);
    }

    [Fact]
    public async Task Log_LibraryCategoryOrSuppressedFlow_IsNotStored()
    {
        using var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(_engine.Pipeline));

        factory.CreateLogger("LogAnalyzer.Pipeline.LogPipeline").LogWarning("own diagnostics");
        using (SelfLogSuppression.Enter())
        {
            factory.CreateLogger("Shop").LogWarning("logged by the writer");
        }

        factory.CreateLogger("LogAnalyzerShop").LogWarning("an app whose name merely starts alike");
        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal("an app whose name merely starts alike", Assert.Single(await StoreReader.AllAsync(_engine.Store)).Message);
    }

    [Fact]
    public async Task Dispose_EngineWithEntriesQueued_WritesThemAll()
    {
        var path = _folder.File("shutdown.db");
        var engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions
        {
            Sqlite = { Path = path },
            // Nothing is written before shutdown unless shutdown writes it.
            Pipeline = { BatchSize = 5_000, MaxBatchSize = 5_000, FlushInterval = TimeSpan.FromHours(1) },
        }, cancellationToken: TestContext.Current.CancellationToken);
        using (var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(engine.Pipeline)))
        {
            var logger = factory.CreateLogger("Shop");
            for (var i = 0; i < 2_000; i++)
            {
                logger.LogInformation("order {OrderId}", i);
            }
        }

        await engine.DisposeAsync();

        Assert.Equal(0, engine.Pipeline.Stats.Dropped);
        Assert.Equal(2_000, engine.Pipeline.Stats.Completed);
        Assert.Equal(2_000, await StoreReader.CountOnDiskAsync(path));
    }

    [Fact]
    public async Task Log_OneMillionEventsInABurst_StoredPlusDroppedIsExactlyOneMillion()
    {
        const int total = 1_000_000;
        var path = _folder.File("burst.db");
        var engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = path } }, cancellationToken: TestContext.Current.CancellationToken);
        using (var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(engine.Pipeline)))
        {
            var logger = factory.CreateLogger("Shop");
            for (var i = 0; i < total; i++)
            {
                LogOrderInfo(logger, i, "user_1", 9.99);
            }
        }

        await engine.DisposeAsync();

        var stats = engine.Pipeline.Stats;
        var stored = await StoreReader.CountOnDiskAsync(path);
        Assert.Equal(stats.Completed, stored);
        Assert.Equal(total, stored + stats.Dropped);
        TestContext.Current.SendDiagnosticMessage($"burst: {stored} stored, {stats.Dropped} dropped of {total}");
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Order {OrderId} placed by {UserId} for {Amount}")]
    private static partial void LogOrderDebug(ILogger logger, int orderId, string userId, double amount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Order {OrderId} placed by {UserId} for {Amount}")]
    private static partial void LogOrderInfo(ILogger logger, int orderId, string userId, double amount);

    private sealed class LiveState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Path { get; set; } = string.Empty;

        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] => new("Path", Path);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
