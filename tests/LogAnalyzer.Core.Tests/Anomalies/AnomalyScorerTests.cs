using LogAnalyzer.Anomalies;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Anomalies;

public sealed class AnomalyScorerTests
{
    private readonly FakeTimeProvider _time = new(Entries.Start);
    private readonly AnomalyOptions _options = new();

    [Fact]
    public void Score_PatternSpike_MarksTheSpikeAnomalous()
    {
        var scorer = new AnomalyScorer(_options, _time);
        for (var minute = 0; minute < 30; minute++)
        {
            for (var i = 0; i < 10; i++)
            {
                scorer.Score(Info("/api/cart"), "cart-viewed", isNewPattern: false);
            }

            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var spike = Enumerable.Range(0, 200).Select(_ => Info("/api/cart")).ToList();
        foreach (var entry in spike)
        {
            scorer.Score(entry, "cart-viewed", isNewPattern: false);
        }

        Assert.All(spike.Take(20), e => Assert.False(e.IsAnomaly));
        Assert.Contains(AnomalyReasons.PatternSpike, spike[^1].AnomalyReasons);
        Assert.True(spike[^1].IsAnomaly);
    }

    [Fact]
    public void Score_NewErrorPatternAfterLearning_IsAnomalousWithReasons()
    {
        var scorer = new AnomalyScorer(_options, _time);
        _time.Advance(_options.LearningPeriod);
        var entry = Info("/api/orders");
        entry.Level = LogEntryLevel.Error;

        scorer.Score(entry, "never-seen", isNewPattern: true);

        Assert.Equal([AnomalyReasons.Level, AnomalyReasons.NewPattern], entry.AnomalyReasons);
        Assert.True(entry.IsAnomaly);
        Assert.InRange(entry.AnomalyScore, 0.7, 1);
    }

    [Fact]
    public void Score_NewPatternDuringLearning_IsLearnedNotReported()
    {
        var scorer = new AnomalyScorer(_options, _time);
        var entry = Info("/api/orders");
        entry.Level = LogEntryLevel.Error;
        entry.ErrorCode = "ORDER_FAILED";

        scorer.Score(entry, "first-run", isNewPattern: true);

        Assert.Equal([AnomalyReasons.Level], entry.AnomalyReasons);
        Assert.False(entry.IsAnomaly);
    }

    [Fact]
    public void Score_NewErrorCodeOnCriticalEndpoint_NamesEveryReason()
    {
        var scorer = new AnomalyScorer(_options, _time);
        _time.Advance(_options.LearningPeriod);
        var entry = Info("/api/payment");
        entry.Level = LogEntryLevel.Error;
        entry.ErrorCode = "PAYMENT_GATEWAY_TIMEOUT";

        scorer.Score(entry, "known", isNewPattern: false);

        Assert.Equal([AnomalyReasons.Level, AnomalyReasons.CriticalEndpoint, AnomalyReasons.NewErrorCode], entry.AnomalyReasons);
        Assert.Equal(Math.Round(1 - (0.65 * 0.65 * 0.6), 3), entry.AnomalyScore);
        Assert.True(entry.IsAnomaly);
    }

    [Fact]
    public void Score_LatencyRegression_FlagsTheSlowResponses()
    {
        var scorer = new AnomalyScorer(_options, _time);
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var normal = Info("/api/search");
            normal.ResponseTime = 90 + random.Next(0, 21);
            scorer.Score(normal, "search", isNewPattern: false);
        }

        var slightlySlow = Info("/api/search");
        slightlySlow.ResponseTime = 125;
        scorer.Score(slightlySlow, "search", isNewPattern: false);
        var regressed = Info("/api/search");
        regressed.ResponseTime = 650;
        scorer.Score(regressed, "search", isNewPattern: false);

        Assert.DoesNotContain(AnomalyReasons.LatencyOutlier, slightlySlow.AnomalyReasons);
        Assert.Contains(AnomalyReasons.LatencyOutlier, regressed.AnomalyReasons);
        Assert.True(regressed.IsAnomaly);
    }

    [Fact]
    public void Score_EndpointErrorRateJumps_ReportsEndpointErrorSpike()
    {
        var scorer = new AnomalyScorer(_options, _time);
        for (var minute = 0; minute < 20; minute++)
        {
            for (var i = 0; i < 50; i++)
            {
                var entry = Info("/api/checkout");
                entry.Level = i == 0 ? LogEntryLevel.Error : LogEntryLevel.Information;
                scorer.Score(entry, entry.Level == LogEntryLevel.Error ? "checkout-failed" : "checkout-ok", isNewPattern: false);
            }

            _time.Advance(TimeSpan.FromMinutes(1));
        }

        LogEntry last = null!;
        for (var i = 0; i < 40; i++)
        {
            last = Info("/api/checkout");
            last.Level = i % 2 == 0 ? LogEntryLevel.Error : LogEntryLevel.Information;
            scorer.Score(last, last.Level == LogEntryLevel.Error ? "checkout-failed" : "checkout-ok", isNewPattern: false);
        }

        var lastError = Info("/api/checkout");
        lastError.Level = LogEntryLevel.Error;
        scorer.Score(lastError, "checkout-failed", isNewPattern: false);
        Assert.Contains(AnomalyReasons.EndpointErrorSpike, lastError.AnomalyReasons);
        Assert.True(lastError.IsAnomaly);
    }

    [Fact]
    public void Score_SteadyTrafficForADay_ScoresNoEntryAboveTheThreshold()
    {
        var scorer = new AnomalyScorer(_options, _time);
        var random = new Random(2026);
        var endpoints = new (string Path, int Fast, int Slow)[] { ("/", 20, 80), ("/api/products", 30, 180), ("/api/cart", 25, 120), ("/api/payment", 200, 900) };
        var maximum = 0.0;
        var scored = 0;
        var withReasons = 0;
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var arrivals = 20 + random.Next(0, 21);
            for (var i = 0; i < arrivals; i++)
            {
                var (path, fast, slow) = endpoints[random.Next(endpoints.Length)];
                var entry = Info(path);
                entry.ResponseTime = random.Next(fast, slow);
                var pattern = path;
                if (path == "/api/payment" && random.NextDouble() < 0.02)
                {
                    entry.Level = LogEntryLevel.Error;
                    entry.ErrorCode = "PAYMENT_DECLINED";
                    pattern = "payment-declined";
                }
                else if (random.NextDouble() < 0.05)
                {
                    entry.Level = LogEntryLevel.Warning;
                    pattern = "slow-warning";
                }

                scorer.Score(entry, pattern, isNewPattern: minute == 0 && i < 10);
                maximum = Math.Max(maximum, entry.AnomalyScore);
                scored++;
                withReasons += entry.AnomalyReasons.Count > 0 ? 1 : 0;
            }

            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.True(scored > 40_000);
        Assert.True(withReasons > 1_000, "level and critical-endpoint reasons were given");
        Assert.True(maximum < _options.Threshold, $"the highest score of a steady day was {maximum}");
    }

    private static LogEntry Info(string endpoint) => new()
    {
        Timestamp = Entries.Start,
        Level = LogEntryLevel.Information,
        Message = "m",
        Endpoint = endpoint,
    };
}
