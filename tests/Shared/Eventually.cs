using System.Diagnostics;

namespace LogAnalyzer.Tests;

/// <summary>Waits for a condition that background work makes true, yielding between checks (no fixed sleeps).</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string because, int timeoutSeconds = 30)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; !condition(); attempt++)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            // Yield first; then poll gently so a busy wait does not starve the work it waits for.
            await (attempt < 100 ? Task.Run(Thread.Yield) : Task.Delay(1));
        }
    }
}
