namespace LogAnalyzer.Tests.Endpoints;

/// <summary>Tests that change the process's time zone, so they run alone.</summary>
[CollectionDefinition(nameof(ServerTimeZone), DisableParallelization = true)]
public sealed class ServerTimeZone;

/// <summary>A body's timestamp names the same instant whatever the server's time zone.</summary>
[Collection(nameof(ServerTimeZone))]
public sealed class ServerTimeZoneTests : ApiHostTests
{
    [Theory]
    [InlineData("2026-11-28T10:00:00", "2026-11-28T10:00:00Z")]
    [InlineData("2026-11-28", "2026-11-28T00:00:00Z")]
    [InlineData("2026-11-28T10:00:00.25", "2026-11-28T10:00:00.25Z")]
    [InlineData("2026-11-28T10:00:00+02:00", "2026-11-28T08:00:00Z")]
    [InlineData("2026-11-28T10:00:00Z", "2026-11-28T10:00:00Z")]
    public async Task PostLog_ServerInNewYork_TimestampWithoutOffsetIsUtc(string sent, string stored)
    {
        var zone = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", "America/New_York");
        TimeZoneInfo.ClearCachedData();
        try
        {
            Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 11, 28)));
            var response = await Post("/api/logs", $$"""{"message":"m","timestamp":"{{sent}}"}""");

            using var body = await Json(response);
            var entry = await Host.Store.GetAsync(body.RootElement.GetProperty("ids")[0].GetInt64(), Ct);
            Assert.Equal(DateTimeOffset.Parse(stored, System.Globalization.CultureInfo.InvariantCulture), entry!.Timestamp);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", zone);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
