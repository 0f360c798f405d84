using System.Text;
using System.Text.Json;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Context;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace LogAnalyzer.Tests;

public sealed class SerilogSinkTests : IAsyncLifetime
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
    public async Task Emit_EventWithWellKnownAndStructuredProperties_MapsEveryPart()
    {
        using (var logger = new LoggerConfiguration().Enrich.FromLogContext().WriteTo.LogAnalyzer(_engine.Pipeline, service: "shop").CreateLogger())
        using (LogContext.PushProperty("SessionId", "sess_456"))
        {
            logger.ForContext("SourceContext", "Shop.Payments").Error(
                new TimeoutException("gateway timeout"),
                "Payment for {@Order} by {UserId} on {RequestPath} failed with {ErrorCode} after {Elapsed} ms in {City}",
                new { Id = 7, Items = new[] { "book", "pen" } }, "user_123", "/api/payment", "PAYMENT_GATEWAY_TIMEOUT", 5000.5, "New York");
        }

        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await AllAsync());
        Assert.Equal(LogEntryLevel.Error, entry.Level);
        Assert.Equal("Payment for {@Order} by {UserId} on {RequestPath} failed with {ErrorCode} after {Elapsed} ms in {City}", entry.MessageTemplate);
        Assert.Equal("""Payment for {"Id":7,"Items":["book","pen"]} by user_123 on /api/payment failed with PAYMENT_GATEWAY_TIMEOUT after 5000.5 ms in New York""", entry.Message);
        Assert.Equal("user_123", entry.UserId);
        Assert.Equal("sess_456", entry.SessionId);
        Assert.Equal("/api/payment", entry.Endpoint);
        Assert.Equal("PAYMENT_GATEWAY_TIMEOUT", entry.ErrorCode);
        Assert.Equal(5000.5, entry.ResponseTime);
        Assert.Equal("New York", entry.City);
        Assert.Equal("shop", entry.Service);
        Assert.Contains("System.TimeoutException: gateway timeout", entry.Exception, StringComparison.Ordinal);
        var order = (JsonElement)entry.Properties!["Order"]!;
        Assert.Equal(7, order.GetProperty("Id").GetInt32());
        Assert.Equal("pen", order.GetProperty("Items")[1].GetString());
        Assert.Equal("Shop.Payments", ((JsonElement)entry.Properties["SourceContext"]!).GetString());
        Assert.False(entry.Properties.ContainsKey("UserId"));
    }

    [Fact]
    public async Task Emit_WithActivity_StoresTraceAndSpanIds()
    {
        using var activity = new System.Diagnostics.Activity("checkout").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger())
        {
            logger.Information("traced");
        }

        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await AllAsync());
        Assert.Equal(activity.TraceId.ToHexString(), entry.TraceId);
        Assert.Equal(activity.SpanId.ToHexString(), entry.SpanId);
    }

    [Fact]
    public async Task Emit_OverTheLimits_IsTruncatedNotRejected()
    {
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(o =>
               {
                   o.Pipeline = _engine.Pipeline;
                   o.Limits = new LogEntryLimits { MaxMessageLength = 50, MaxStringLength = 8, MaxProperties = 1 };
               }).CreateLogger())
        {
            logger.Information("{Text} {Other}", new string('x', 500), "y");
        }

        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await AllAsync());
        Assert.Equal(50, entry.Message.Length);
        Assert.Equal(8, ((JsonElement)Assert.Single(entry.Properties!).Value!).GetString()!.Length);
    }

    [Fact]
    public async Task Emit_PipelineWithLimitsAndNoneOnTheSink_TruncatesToThePipelines()
    {
        await using var limited = await LogAnalyzerEngine.StartAsync(
            new LogAnalyzerOptions { Sqlite = { Path = _folder.File("limited.db") }, Limits = { MaxMessageLength = 50, MaxStringLength = 8 } },
            cancellationToken: TestContext.Current.CancellationToken);
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(limited.Pipeline).CreateLogger())
        {
            logger.Information("{Text} by {UserId}", new string('x', 500), "user_1234567890");
        }

        await limited.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single((await limited.Store.QueryAsync(new LogQuery(), TestContext.Current.CancellationToken)).Entries);
        Assert.Equal(50, entry.Message.Length);
        Assert.Equal(8, entry.UserId!.Length);
    }

    [Fact]
    public async Task Emit_FieldMapConfigured_FillsTheMappedField()
    {
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(o =>
               {
                   o.Pipeline = _engine.Pipeline;
                   o.FieldMap["CustomerId"] = LogEntryField.UserId;
               }).CreateLogger())
        {
            logger.Information("Hello {CustomerId}", "c_1");
        }

        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal("c_1", Assert.Single(await AllAsync()).UserId);
    }

    [Fact]
    public async Task Emit_LibrarySourceContextOrSuppressedFlow_IsNotStored()
    {
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger())
        {
            logger.ForContext("SourceContext", "LogAnalyzer.Pipeline.LogPipeline").Warning("own diagnostics");
            using (SelfLogSuppression.Enter())
            {
                logger.Warning("logged by the writer");
            }

            logger.Warning("kept");
        }

        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal("kept", Assert.Single(await AllAsync()).Message);
    }

    [Fact]
    public async Task ReadFrom_JsonConfiguration_StoresInConfiguredDatabaseAboveMinimumLevel()
    {
        var path = _folder.File("from-json.db");
        var json = $$"""
            {
              "Serilog": {
                "Using": [ "LogAnalyzer.Sinks.Serilog" ],
                "MinimumLevel": "Debug",
                "WriteTo": [
                  { "Name": "LogAnalyzer",
                    "Args": { "databasePath": {{JsonSerializer.Serialize(path)}}, "restrictedToMinimumLevel": "Warning",
                              "queueCapacity": 2000, "batchSize": 10, "flushInterval": "00:00:00.250", "service": "checkout" } }
                ]
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var readerOptions = new ConfigurationReaderOptions(typeof(LogAnalyzerLoggerSinkConfigurationExtensions).Assembly);

        using (var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration, readerOptions).CreateLogger())
        {
            logger.Information("below the sink's level");
            logger.Warning("Slow response {ResponseTime}", 1450);
        }

        await using var reopened = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = path } }, cancellationToken: TestContext.Current.CancellationToken);
        var entry = Assert.Single((await reopened.Store.QueryAsync(new LogQuery(), TestContext.Current.CancellationToken)).Entries);
        Assert.Equal(LogEntryLevel.Warning, entry.Level);
        Assert.Equal(1450, entry.ResponseTime);
        Assert.Equal("checkout", entry.Service);
    }

    [Fact]
    public void ReadFrom_JsonOverloadCapacityBelowOne_FailsNamingTheSetting()
    {
        // Proves the argument reaches the engine: an ignored one would leave the valid default.
        var json = $$"""
            {
              "Serilog": {
                "Using": [ "LogAnalyzer.Sinks.Serilog" ],
                "WriteTo": [
                  { "Name": "LogAnalyzer",
                    "Args": { "databasePath": {{JsonSerializer.Serialize(_folder.File("overload.db"))}}, "overloadCapacity": 0 } }
                ]
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var readerOptions = new ConfigurationReaderOptions(typeof(LogAnalyzerLoggerSinkConfigurationExtensions).Assembly);

        var error = Assert.ThrowsAny<Exception>(() => new LoggerConfiguration().ReadFrom.Configuration(configuration, readerOptions).CreateLogger());

        Assert.Contains("LogAnalyzer:Pipeline:OverloadCapacity", (error.InnerException ?? error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloseAndFlush_SinkOwnsItsEngine_WritesEverythingQueued()
    {
        var path = _folder.File("owned.db");
        Log.Logger = new LoggerConfiguration()
            .WriteTo.LogAnalyzer(path, batchSize: 5_000, flushInterval: TimeSpan.FromHours(1))
            .CreateLogger();
        for (var i = 0; i < 3_000; i++)
        {
            Log.Information("order {OrderId}", i);
        }

        await Log.CloseAndFlushAsync();

        await using var reopened = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = path } }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3_000, (await reopened.Store.QueryAsync(new LogQuery { Limit = 1 }, TestContext.Current.CancellationToken)).Total);
    }

    [Fact]
    public async Task Emit_PropertyToStringThrows_StoresTheEventWithItsTemplate()
    {
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger())
        {
            // Serilog stringifies unknown values when it captures them; an event built by hand (or by an enricher)
            // can still carry a scalar that fails when the message is rendered, later, on the writer.
            logger.Write(new LogEvent(
                DateTimeOffset.UtcNow, LogEventLevel.Warning, null, new global::Serilog.Parsing.MessageTemplateParser().Parse("Order {Order} shipped"),
                [new LogEventProperty("Order", new ScalarValue(new Unprintable()))]));
        }

        await _engine.Pipeline.FlushAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(await AllAsync());
        Assert.Equal(LogEntryLevel.Warning, entry.Level);
        Assert.Equal("Order {Order} shipped (the message could not be rendered: InvalidOperationException)", entry.Message);
        Assert.Equal("Order {Order} shipped", entry.MessageTemplate);
    }

    [Fact]
    public async Task Emit_QueueFull_DropsAndCountsWithoutBlocking()
    {
        var path = _folder.File("full.db");
        var engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions
        {
            Sqlite = { Path = path },
            Pipeline = { Capacity = 100, BatchSize = 100, MaxBatchSize = 100, FlushInterval = TimeSpan.FromHours(1) },
            Api = { MaxBatchEntries = 100 },
        }, cancellationToken: TestContext.Current.CancellationToken);
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(engine.Pipeline).CreateLogger())
        {
            for (var i = 0; i < 10_000; i++)
            {
                logger.Information("event {Number}", i);
            }
        }

        await engine.DisposeAsync();

        var stats = engine.Pipeline.Stats;
        Assert.True(stats.Dropped > 0, "a queue of 100 cannot take 10,000 events at once");
        await using var reopened = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = path } }, cancellationToken: TestContext.Current.CancellationToken);
        var stored = (await reopened.Store.QueryAsync(new LogQuery { Limit = 1 }, TestContext.Current.CancellationToken)).Total;
        Assert.Equal(10_000, stored + stats.Dropped);
    }

    private async Task<IReadOnlyList<LogEntry>> AllAsync() =>
        (await _engine.Store.QueryAsync(new LogQuery { Limit = 500 }, TestContext.Current.CancellationToken)).Entries;

    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
