using System.Collections.Concurrent;
using LogAnalyzer.Alerts;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>
/// The alert engine on a real SQLite store under a fake clock, with a notifier that records what it receives and
/// generated traffic: steady requests over a few endpoints with their patterns and response times.
/// </summary>
internal sealed class AlertScenario : IAsyncDisposable
{
    public static readonly string[] Endpoints = ["/api/products", "/api/cart", "/api/search", "/api/orders", "/api/payment"];

    private readonly TempDirectory _folder = new();

    private AlertScenario(Action<LogAnalyzerOptions>? configure)
    {
        Options.Sqlite.Path = _folder.File("logs.db");
        configure?.Invoke(Options);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    public LogAnalyzerOptions Options { get; } = new();

    public Random Random { get; } = new(7);

    public SqliteLogStore Store { get; private set; } = null!;

    public RecordingNotifier Notifier { get; } = new();

    public AlertNotificationDispatcher Dispatcher { get; private set; } = null!;

    public AlertEngine Engine { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AlertScenario> StartAsync(
        Action<LogAnalyzerOptions>? configure = null,
        IEnumerable<IAlertRule>? rules = null,
        IPatternAnalysisStore? analyses = null,
        IEnumerable<IAlertNotifier>? notifiers = null)
    {
        var scenario = new AlertScenario(configure);
        scenario.Store = new SqliteLogStore(Microsoft.Extensions.Options.Options.Create(scenario.Options));
        await scenario.Store.InitializeAsync(Ct);
        scenario.Dispatcher = new AlertNotificationDispatcher(notifiers ?? [scenario.Notifier], scenario.Options, scenario.Time);
        var advisor = new RunbookAdvisor(scenario.Options.Alerts, scenario.Store, analyses ?? scenario.Store, scenario.Store);
        scenario.Engine = new AlertEngine(
            scenario.Store,
            scenario.Store,
            rules ?? [new ErrorSpikeRule(), new CriticalEndpointRule(), new NewPatternRule(), new LatencyRule(), new PatternSpikeRule()],
            scenario.Options,
            scenario.Time,
            advisor,
            scenario.Dispatcher);
        return scenario;
    }

    public Task<IReadOnlyList<Alert>> EvaluateAsync() => Engine.EvaluateAsync(Ct);

    /// <summary>Evaluates once, then advances the clock by the evaluation interval.</summary>
    public async Task<IReadOnlyList<Alert>> EvaluateAndWaitAsync()
    {
        var changed = await Engine.EvaluateAsync(Ct);
        Time.Advance(Options.Alerts.EvaluationInterval);
        return changed;
    }

    /// <summary>What the notifier has received so far (the queue delivered first).</summary>
    public async Task<IReadOnlyList<string>> NotifiedAsync()
    {
        await Dispatcher.DrainAsync(Ct);
        return Notifier.Received.Select(n => $"{n.Event}:{n.Alert.Type}").ToList();
    }

    public async Task<IReadOnlyList<string>> HistoryAsync(string alertId) =>
        (await Store.GetHistoryAsync(alertId, Ct)).Select(c => c.Change).ToList();

    /// <summary>
    /// Appends <paramref name="minutes"/> of traffic starting now and advances the clock past it: requests served in
    /// 40–160 ms, a <paramref name="failureShare"/> of them failing with one error pattern, a few warnings.
    /// </summary>
    public async Task TrafficAsync(int minutes, int perMinute, double failureShare, bool withPayments = true, Func<LogEntry, LogEntry>? shape = null)
    {
        var endpoints = withPayments ? Endpoints : Endpoints[..^1];
        var entries = new List<LogEntry>(minutes * perMinute);
        var start = Time.GetUtcNow();
        for (var i = 0; i < minutes * perMinute; i++)
        {
            var failed = Random.NextDouble() < failureShare;
            var warned = !failed && Random.NextDouble() < 0.02;
            var entry = new LogEntry
            {
                Timestamp = start.AddMinutes((double)i / perMinute),
                Level = failed ? LogEntryLevel.Error : warned ? LogEntryLevel.Warning : LogEntryLevel.Information,
                Message = failed ? "Request failed" : warned ? "Slow cache response" : "Request served",
                PatternId = failed ? "p_failed" : warned ? "p_slow_cache" : "p_served",
                Template = failed ? "Request failed" : warned ? "Slow cache response" : "Request served",
                Endpoint = endpoints[Random.Next(endpoints.Length)],
                UserId = $"user_{Random.Next(500)}",
                SessionId = $"sess_{Random.Next(2_000)}",
                City = "Paris",
                ResponseTime = 40 + Random.Next(120),
            };
            entries.Add(shape is null ? entry : shape(entry));
        }

        await Store.AppendAsync(entries, Ct);
        Time.Advance(TimeSpan.FromMinutes(minutes));
    }

    /// <summary>Appends <paramref name="count"/> payment failures spread over the next <paramref name="seconds"/> seconds (the clock does not move).</summary>
    public Task PaymentOutageAsync(int count, int users, int sessions, int seconds = 150)
    {
        var start = Time.GetUtcNow();
        var failures = Enumerable.Range(0, count).Select(i => new LogEntry
        {
            Timestamp = start.AddSeconds((double)i * seconds / count),
            Level = LogEntryLevel.Error,
            Message = "Payment gateway timeout after 5000ms",
            PatternId = "p_gateway_timeout",
            Template = "Payment gateway timeout after <*>ms",
            Endpoint = "/api/payment",
            UserId = $"user_{i % users}",
            SessionId = $"sess_{i % sessions}",
            City = i % 2 == 0 ? "Berlin" : "London",
            ErrorCode = "PAYMENT_GATEWAY_TIMEOUT",
        }).ToList();
        return Store.AppendAsync(failures, Ct);
    }

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Keeps every notification it receives.</summary>
internal sealed class RecordingNotifier : IAlertNotifier
{
    private readonly SemaphoreSlim _arrived = new(0);

    public ConcurrentQueue<AlertNotification> Received { get; } = new();

    public Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        Received.Enqueue(notification);
        _arrived.Release();
        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="count"/> notifications have arrived in all (the test's cancellation bounds the wait).</summary>
    public async Task WaitForAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _arrived.WaitAsync(TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>A custom rule whose condition the test switches on and off (and whose severity it sets).</summary>
internal sealed class SwitchRule : IAlertRule
{
    public string? Severity { get; set; }

    public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(AlertContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AlertCondition>>(Severity is null
            ? []
            : [new AlertCondition("QUEUE_BACKLOG", "orders", Severity, "Order queue backlog", "The order queue is growing")]);
}
