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

    /// <summary>As <see cref="True(Func{bool}, string, int)"/> for a condition that must ask a server (a store, Redis).</summary>
    public static async Task True(Func<Task<bool>> condition, string because, int timeoutSeconds = 60, Func<Task<string>>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                Assert.Fail($"Timed out waiting until {because}.{(progress is null ? string.Empty : " " + await progress())}");
            }

            // Each check is a round trip; poll gently so it does not compete with the work it waits for.
            await Task.Delay(20);
        }
    }
}
