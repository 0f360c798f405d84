using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Tests;

/// <summary>
/// Calls an app can make by accident that must cost at most their own broken part: an exception or a value that
/// cannot be rendered, text too large to build, a scope pair with no name, a NUL character.
/// </summary>
public sealed class HostileEventTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private LogAnalyzerEngine _engine = null!;
    private ILoggerFactory _factory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("logs.db") } }, cancellationToken: Ct);
        _factory = LoggerFactory.Create(b => b.AddLogAnalyzer(_engine.Pipeline));
    }

    public async ValueTask DisposeAsync()
    {
        _factory.Dispose();
        await _engine.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Log_ExceptionTextTooLargeToBuild_KeepsTheEventAndTheWriter()
    {
        var logger = _factory.CreateLogger("Import");

        logger.LogError(new HugeException(), "Import of {File} failed", "orders.csv");
        logger.LogInformation("Import of {File} retried", "orders.csv");
        await _engine.Pipeline.FlushAsync(Ct);

        var entries = await StoreReader.AllAsync(_engine.Store);
        Assert.Equal(["Import of orders.csv retried", "Import of orders.csv failed"], entries.Select(e => e.Message));
        Assert.Equal(LogEntryLevel.Error, entries[1].Level);
        Assert.Contains("could not be rendered: OutOfMemoryException", entries[1].Exception, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_MappedFieldWhoseToStringThrows_KeepsLevelAndTemplateAndNotesTheValue()
    {
        var logger = _factory.CreateLogger("Checkout");

        logger.LogWarning("Checkout by {UserId}", new Unprintable());
        await _engine.Pipeline.FlushAsync(Ct);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal((LogEntryLevel.Warning, "Checkout by {UserId}", null), (entry.Level, entry.MessageTemplate, entry.UserId));
        Assert.Equal("(Unprintable: ToString threw InvalidOperationException)", ((JsonElement)entry.Properties!["UserId"]!).GetString());
    }

    [Fact]
    public async Task Log_InsideScopeWithAPairWithoutName_KeepsTheEventAndTheOtherPairs()
    {
        var logger = _factory.CreateLogger("Checkout");

        using (logger.BeginScope(new List<KeyValuePair<string, object?>> { new(null!, 1), new("SessionId", "sess_456") }))
        {
            logger.LogError("Payment declined");
        }

        await _engine.Pipeline.FlushAsync(Ct);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal((LogEntryLevel.Error, "Payment declined", "sess_456"), (entry.Level, entry.Message, entry.SessionId));
    }

    [Fact]
    public async Task Log_NulCharacter_IsStoredAsAReplacementAndTheRestOfTheTextKept()
    {
        _factory.CreateLogger("Import").LogInformation("Row {Row} holds a\0b", 7);
        await _engine.Pipeline.FlushAsync(Ct);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal("Row 7 holds a\uFFFDb", entry.Message);
    }

    [Fact]
    public async Task Log_FewerArgumentsThanPlaceholders_KeepsTheTemplateAndTheArgumentsGiven()
    {
#pragma warning disable CA2017 // The mismatch is the point of the test.
        _factory.CreateLogger("Checkout").LogWarning("Order {OrderId} for {UserId}", 7);
#pragma warning restore CA2017
        await _engine.Pipeline.FlushAsync(Ct);

        var entry = Assert.Single(await StoreReader.AllAsync(_engine.Store));
        Assert.Equal("Order {OrderId} for {UserId}", entry.MessageTemplate);
        Assert.Equal(7, ((JsonElement)entry.Properties!["OrderId"]!).GetInt32());
    }

    /// <summary>An exception whose text is too large for a string: the runtime's OutOfMemoryException, as for thousands of large inner exceptions.</summary>
    private sealed class HugeException : Exception
    {
        public override string ToString() => new('x', int.MaxValue);
    }

    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
