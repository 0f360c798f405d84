using LogAnalyzer.Tests;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/LogAnalyzer.Benchmarks -- burst</c>: logs 1,000,000 events as fast
/// as one thread can through the provider with default settings, disposes the engine and checks that every event
/// is either stored or counted as dropped.
/// </summary>
internal static partial class BurstCommand
{
    public static int Run()
    {
        const int total = 1_000_000;
        using var folder = new TempDirectory();
        var path = folder.File("burst.db");
        var engine = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = path } });
        var clock = Stopwatch.StartNew();
        using (var factory = LoggerFactory.Create(b => b.AddLogAnalyzer(engine.Pipeline)))
        {
            var logger = factory.CreateLogger("Shop.Orders");
            for (var i = 0; i < total; i++)
            {
                LogOrder(logger, i, "user_123", 99.5);
            }
        }

        var logged = clock.Elapsed;
        engine.Dispose();
        var stats = engine.Pipeline.Stats;
        using var reopened = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = path } });
        var stored = reopened.Store.QueryAsync(new LogAnalyzer.Storage.LogQuery { Limit = 1 }, CancellationToken.None).GetAwaiter().GetResult().Total;
        var ok = stored + stats.Dropped == total && stored == stats.Completed;
        Console.WriteLine($"burst: {total:N0} events logged in {logged.TotalMilliseconds:N0} ms ({total / logged.TotalSeconds:N0}/s); " +
            $"stored {stored:N0}, dropped {stats.Dropped:N0}, stored + dropped = {stored + stats.Dropped:N0} ({(ok ? "exact" : "MISMATCH")})");
        return ok ? 0 : 1;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {OrderId} placed by {UserId} for {Amount}")]
    private static partial void LogOrder(ILogger logger, int orderId, string userId, double amount);
}
