using LogAnalyzer.Alerts;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>The alert engine on a real SQLite store, with traffic generated under a fake clock.</summary>
public sealed class AlertEngineTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
    private readonly LogAnalyzerOptions _options = new();
    private readonly Random _random = new(7);
    private SqliteLogStore _store = null!;
    private AlertEngine _engine = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _options.Sqlite.Path = _folder.File("logs.db");
        _store = new SqliteLogStore(Options.Create(_options));
        await _store.InitializeAsync(Ct);
        _engine = new AlertEngine(_store, [new ErrorSpikeRule(), new CriticalEndpointRule()], _options, _time);
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task EvaluateAsync_ErrorRateSpike_RaisesOneAlertKeepsUpdatingItAndClearsIt()
    {
        // No critical endpoint in this traffic: only the spike rule can fire.
        await TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.02, withPayments: false);
        await TrafficAsync(minutes: 5, perMinute: 100, failureShare: 0.20, withPayments: false);

        // Held once: pending (a one-window blip pages nobody); held again: raised; then updated.
        Assert.Empty(await _engine.EvaluateAsync(Ct));
        await TrafficAsync(minutes: 1, perMinute: 100, failureShare: 0.22, withPayments: false);
        var raised = Assert.Single(await _engine.EvaluateAsync(Ct));
        await TrafficAsync(minutes: 1, perMinute: 100, failureShare: 0.22, withPayments: false);
        var updated = Assert.Single(await _engine.EvaluateAsync(Ct));
        await TrafficAsync(minutes: 20, perMinute: 100, failureShare: 0.02, withPayments: false);
        var evaluations = new List<IReadOnlyList<Alert>>();
        for (var i = 0; i < 3; i++)
        {
            evaluations.Add(await _engine.EvaluateAsync(Ct));
            _time.Advance(_options.Alerts.EvaluationInterval);
        }

        Assert.Equal(ErrorSpikeRule.Type, raised.Type);
        Assert.StartsWith("Error Rate Spike Detected (+", raised.Title, StringComparison.Ordinal);
        Assert.Matches(@"^Error rate jumped from \d\.\d% to \d+\.\d% ", raised.Description);
        Assert.Equal(raised.AlertId, updated.AlertId);
        Assert.Empty(evaluations[0]);
        Assert.Empty(evaluations[1]);
        var cleared = Assert.Single(evaluations[2]);
        Assert.Equal((raised.AlertId, AlertStatus.Resolved, "system"), (cleared.AlertId, cleared.Status, cleared.ResolvedBy));
        Assert.Equal(["raised", "cleared"], await _store.GetAlertHistoryAsync(raised.AlertId, Ct));
        Assert.Empty(await _store.GetOpenAlertsAsync(Ct));
    }

    [Fact]
    public async Task EvaluateAsync_SteadyDay_RaisesNothing()
    {
        var raised = new List<Alert>();
        for (var window = 0; window < 24 * 12; window++)
        {
            await TrafficAsync(minutes: 5, perMinute: 60, failureShare: 0.02);
            raised.AddRange(await _engine.EvaluateAsync(Ct));
        }

        Assert.True(raised.Count == 0, string.Join("; ", raised.Select(a => $"{a.Title}: {a.Description}")));
    }

    [Fact]
    public async Task EvaluateAsync_PaymentOutage_RaisesACriticalEndpointAlertWithTheUsersAffected()
    {
        await TrafficAsync(minutes: 20, perMinute: 60, failureShare: 0.01, withPayments: false);
        var start = _time.GetUtcNow();
        var failures = Enumerable.Range(0, 30).Select(i => new LogEntry
        {
            Timestamp = start.AddSeconds(i * 5),
            Level = LogEntryLevel.Error,
            Message = "Payment gateway timeout after 5000ms",
            Endpoint = "/api/payment",
            UserId = $"user_{i % 20}",
            SessionId = $"sess_{i % 25}",
            City = i % 2 == 0 ? "Berlin" : "London",
            ErrorCode = "PAYMENT_GATEWAY_TIMEOUT",
        }).ToList();
        await _store.AppendAsync(failures, Ct);
        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.Empty(await _engine.EvaluateAsync(Ct));
        _time.Advance(_options.Alerts.EvaluationInterval);
        var alerts = await _engine.EvaluateAsync(Ct);

        var payment = Assert.Single(alerts, a => a.Type == CriticalEndpointRule.Type);
        Assert.Equal("CRITICAL_ENDPOINT:/api/payment", payment.Fingerprint);
        Assert.Equal("CRITICAL", payment.Severity);
        Assert.Equal((30, 20, 25), (payment.AffectedLogs, payment.AffectedUsers, payment.AffectedSessions));
        Assert.Equal(["/api/payment"], payment.Endpoints);
        Assert.Contains("Berlin", payment.Cities);
        Assert.Equal("Critical Endpoint Failing: /api/payment", payment.Title);
    }

    /// <summary>Appends <paramref name="minutes"/> of traffic ending now, advancing the clock past it.</summary>
    private async Task TrafficAsync(int minutes, int perMinute, double failureShare, bool withPayments = true)
    {
        string[] endpoints = withPayments
            ? ["/api/products", "/api/cart", "/api/search", "/api/orders", "/api/payment"]
            : ["/api/products", "/api/cart", "/api/search", "/api/orders"];
        var entries = new List<LogEntry>(minutes * perMinute);
        var start = _time.GetUtcNow();
        for (var i = 0; i < minutes * perMinute; i++)
        {
            var failed = _random.NextDouble() < failureShare;
            entries.Add(new LogEntry
            {
                Timestamp = start.AddMinutes((double)i / perMinute),
                Level = failed ? LogEntryLevel.Error : LogEntryLevel.Information,
                Message = failed ? "Request failed" : "Request served",
                Endpoint = endpoints[_random.Next(endpoints.Length)],
                UserId = $"user_{_random.Next(500)}",
                SessionId = $"sess_{_random.Next(2_000)}",
                City = "Paris",
            });
        }

        await _store.AppendAsync(entries, Ct);
        _time.Advance(TimeSpan.FromMinutes(minutes));
    }
}
