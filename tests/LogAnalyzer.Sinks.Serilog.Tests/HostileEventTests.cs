using LogAnalyzer.Storage;
using Serilog;
using Serilog.Context;

namespace LogAnalyzer.Tests;

/// <summary>
/// Events an app can produce by accident that must cost at most their own broken part: an exception that cannot be
/// rendered, text too large to build, a NUL character, a context property that clashes with the event's own.
/// </summary>
public sealed class HostileEventTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private LogAnalyzerEngine _engine = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = _folder.File("logs.db") } }, cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Emit_ExceptionThatCannotBeRendered_KeepsLevelTemplateAndPropertiesWithANote()
    {
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger())
        {
            logger.Error(new UnrenderableException(), "Payment {OrderId} failed", 7);
        }

        await _engine.Pipeline.FlushAsync(Ct);

        var entry = Assert.Single(await AllAsync());
        Assert.Equal((LogEntryLevel.Error, "Payment 7 failed", "Payment {OrderId} failed"), (entry.Level, entry.Message, entry.MessageTemplate));
        Assert.StartsWith(typeof(UnrenderableException).FullName + ": (InvalidOperationException) (the full exception text could not be rendered: InvalidOperationException)", entry.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emit_ExceptionTextTooLargeToBuild_WriterKeepsStoringLaterEvents()
    {
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger())
        {
            logger.Error(new UnrenderableException(tooLarge: true), "Import of {File} failed", "orders.csv");
            logger.Information("Import of {File} retried", "orders.csv");
        }

        await _engine.Pipeline.FlushAsync(Ct);

        var entries = await AllAsync();
        Assert.Equal(["Import of orders.csv retried", "Import of orders.csv failed"], entries.Select(e => e.Message));
        Assert.Contains("could not be rendered: OutOfMemoryException", entries[1].Exception, StringComparison.Ordinal);
        Assert.Equal(0, _engine.Pipeline.Stats.Failed);
    }

    [Fact]
    public async Task Emit_NulCharacter_IsStoredAsAReplacementAndTheRestOfTheTextKept()
    {
        using (var logger = new LoggerConfiguration().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger())
        {
            logger.Information("nul\0in template {Value}", "a\0b");
        }

        await _engine.Pipeline.FlushAsync(Ct);

        var entry = Assert.Single(await AllAsync());
        Assert.Equal(("nul\uFFFDin template a\uFFFDb", "nul\uFFFDin template {Value}"), (entry.Message, entry.MessageTemplate));
    }

    [Fact]
    public async Task Emit_ContextPropertyDifferingOnlyInCase_LeavesTheEventsOwnValueInTheField()
    {
        using (var logger = new LoggerConfiguration().Enrich.FromLogContext().WriteTo.LogAnalyzer(_engine.Pipeline).CreateLogger())
        using (LogContext.PushProperty("userid", "from_context"))
        {
            logger.Information("Checkout by {UserId}", "user_123");
        }

        await _engine.Pipeline.FlushAsync(Ct);

        var entry = Assert.Single(await AllAsync());
        Assert.Equal("user_123", entry.UserId);
        Assert.Equal("from_context", ((System.Text.Json.JsonElement)entry.Properties!["userid"]!).GetString());
    }

    private async Task<IReadOnlyList<LogEntry>> AllAsync() =>
        (await _engine.Store.QueryAsync(new LogQuery { Limit = 500 }, Ct)).Entries;

    /// <summary>
    /// An exception whose text cannot be built: too large for a string (the runtime's OutOfMemoryException, as for
    /// thousands of large inner exceptions), or because its members throw.
    /// </summary>
    private sealed class UnrenderableException(bool tooLarge = false) : Exception
    {
        public override string Message => tooLarge ? "too large" : throw new InvalidOperationException("no message");

        public override string ToString() => tooLarge ? new string('x', int.MaxValue) : throw new InvalidOperationException("no text");
    }
}
