using System.Net.Http.Json;
using System.Text.Json;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>The trending patterns' sparklines: entries per twelfth of the period, from the SQLite store's rollups.</summary>
public sealed class TrendingSparklineTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private DateTimeOffset _now;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        var now = _host.Time.GetUtcNow();
        // On a whole minute, so that which 5-minute bucket an entry falls in does not depend on when the test runs; the
        // next one, because the fake clock only moves forward.
        _now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMinute)).AddMinutes(1);
        _host.Time.SetUtcNow(_now.AddSeconds(30));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task GetTrending_EntriesSpreadOverTheHour_ReturnsTwelveBucketsOldestFirstThatSumToTheCount()
    {
        // 2 entries in the period's first minute (the oldest bucket), 3 entries 50 minutes ago, 1 entry 22 minutes ago,
        // 5 in the current minute; 4 in the hour before (not in the line).
        var at = new (int MinutesAgo, int Count)[] { (60, 2), (50, 3), (22, 1), (0, 5), (70, 4) };
        await _host.Store.AppendAsync(
            [.. at.SelectMany(a => Enumerable.Range(0, a.Count).Select(_ => Failure(_now.AddMinutes(-a.MinutesAgo))))],
            Ct);

        var body = await _host.Client.GetFromJsonAsync<JsonElement>("/api/ai/trending?hours=1", Ct);

        var pattern = Assert.Single(body.GetProperty("trending").EnumerateArray());
        var line = pattern.GetProperty("sparkline").EnumerateArray().Select(v => v.GetInt64()).ToList();
        Assert.Equal([2, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 5], line);
        Assert.Equal(pattern.GetProperty("count").GetInt64(), line.Sum());
        Assert.Equal(4, pattern.GetProperty("previousCount").GetInt64());
    }

    private static LogEntry Failure(DateTimeOffset at) => new()
    {
        Timestamp = at,
        Level = LogEntryLevel.Error,
        Message = "Payment gateway timeout",
        Endpoint = "/api/payment",
        PatternId = "p_gw",
    };
}
