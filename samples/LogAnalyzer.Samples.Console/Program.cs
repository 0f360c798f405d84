using LogAnalyzer;
using Microsoft.Extensions.Logging;

// LogAnalyzer in a console app, without a host: an engine (the SQLite store and the pipeline), a logger factory
// with the LogAnalyzer provider, and plain ILogger calls. Disposing the factory, then the engine, writes everything.
await using var engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = "data/console-sample.db" } });
using (var loggerFactory = LoggerFactory.Create(logging => logging
           .SetMinimumLevel(LogLevel.Debug)
           .AddLogAnalyzer(engine.Pipeline, options => options.Service = "console-sample")))
{
    var logger = loggerFactory.CreateLogger("Shop.Checkout");
    for (var order = 1; order <= 20; order++)
    {
        using (logger.BeginScope(new Dictionary<string, object?> { ["SessionId"] = $"sess_{order % 4}" }))
        {
            logger.LogInformation("Order {OrderId} placed by {UserId} in {City}", order, $"user_{order % 7}", "Paris");
            if (order % 5 == 0)
            {
                logger.LogError(new TimeoutException("gateway timeout"), "Payment failed with {ErrorCode} after {ElapsedMilliseconds} ms", "PAYMENT_GATEWAY_TIMEOUT", 5000);
            }
        }
    }
}

// Everything logged is queued; flush before reading it back (disposing the engine would also write it).
await engine.Pipeline.FlushAsync(CancellationToken.None);
var stats = await engine.Store.GetStatsAsync(recentErrors: 3, CancellationToken.None);
Console.WriteLine($"Stored {stats.Total} entries in {engine.Options.Sqlite.Path}; {stats.RecentErrors.Count} recent errors:");
foreach (var error in stats.RecentErrors)
{
    Console.WriteLine($"  {error.Timestamp:HH:mm:ss} {error.Level} {error.Message} (session {error.SessionId}, user {error.UserId})");
}
