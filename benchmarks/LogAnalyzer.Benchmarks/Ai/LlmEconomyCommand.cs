using System.Globalization;
using System.Text.Json;
using LogAnalyzer.Ai;
using LogAnalyzer.Ai.Analysis;
using LogAnalyzer.Ai.Chat;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Samples.WebApi.Demo;
using LogAnalyzer.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Benchmarks.Ai;

/// <summary>
/// <c>llm-economy</c>: the sample's demo traffic, 100,000 entries in simulated time, through the real pipeline
/// (redaction, patterns, scores, SQLite) with the analysis worker running on its schedule against a fake
/// OpenAI-compatible server; then what it cost against analysing every log as the seed does.
/// </summary>
public static class LlmEconomyCommand
{
    private const int Entries = 100_000;

    public static int Run()
    {
        using var folder = new TempDirectory();
        using var server = new FakeLanguageModelServer();
        using var http = new HttpClient();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
        var options = new LogAnalyzerOptions { Sqlite = { Path = folder.File("economy.db") }, Ai = { BaseUrl = server.BaseUrl, ApiKey = "economy" } };
        var wrapped = Options.Create(options);
        var trigger = new AnalysisTrigger();
        using var ingestion = new Benchmarks.Pipeline.AnalysedPipeline(options, time, trigger);
        var (store, pipeline) = (ingestion.Store, ingestion.Pipeline);
        var model = LanguageModel.Create(new CerebrasChatClient(() => http, wrapped), "cerebras", options.Ai, ingestion.Redactor, ingestion.Metrics, time);
        var worker = new PatternAnalyzer(store, model, time, NullLogger<PatternAnalyzer>.Instance);
        var counted = new CountingPipeline(pipeline, Entries);
        var traffic = new DemoTrafficGenerator(counted, Options.Create(new DemoTrafficOptions { UsersPerMinute = 600, Seed = 42 }), time);

        var started = time.GetUtcNow();
        var nextRun = started + options.Ai.AnalysisInterval;
        DateTimeOffset? triggeredRun = null;
        var runs = 0;
        while (!counted.Full)
        {
            traffic.Tick(time.GetUtcNow());
            pipeline.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (triggeredRun is null && trigger.WaitAsync(CancellationToken.None).IsCompleted)
            {
                triggeredRun = time.GetUtcNow() + TimeSpan.FromSeconds(5);
            }

            if (time.GetUtcNow() >= nextRun || time.GetUtcNow() >= triggeredRun)
            {
                trigger.Reset();
                worker.RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult();
                runs++;
                (nextRun, triggeredRun) = (time.GetUtcNow() + options.Ai.AnalysisInterval, null);
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        pipeline.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        worker.RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult();
        runs++;
        ingestion.Complete();

        var patterns = store.ListPatternsAsync(10_000, CancellationToken.None).GetAwaiter().GetResult();
        var worth = patterns.Count(p => p.CountByLevel.Keys.Any(l => l >= LogEntryLevel.Warning));
        var ours = server.PromptTokens + server.CompletionTokens;
        var perLogPrompt = counted.PerLogPromptTokens(AnalysisPrompt.SystemPrompt);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"llm-economy: {counted.Accepted:N0} entries of demo traffic over {(time.GetUtcNow() - started).TotalMinutes:N0} simulated minutes, {runs} analysis runs"));
        Console.WriteLine(string.Create(c, $"  patterns: {patterns.Count:N0} ({worth:N0} with warnings or failures, the ones sent to the model)"));
        Console.WriteLine(string.Create(c, $"  LogAnalyzer: {server.Calls:N0} calls ({(double)server.Calls / Math.Max(1, worth):0.00} per pattern sent), prompt {server.PromptTokens:N0} tokens, completion {server.CompletionTokens:N0} tokens, total {ours:N0}"));
        Console.WriteLine(string.Create(c, $"  per-log analysis (the seed): {counted.Accepted:N0} calls, prompt {perLogPrompt:N0} tokens (the same system prompt and the log as JSON, per log; answers not counted)"));
        Console.WriteLine(string.Create(c, $"  {perLogPrompt / (double)Math.Max(1, ours):N0}x fewer tokens"));
        return 0;
    }

    /// <summary>Passes entries to the pipeline until the target is reached, keeping what a per-log prompt of each would hold.</summary>
    private sealed class CountingPipeline(ILogPipeline inner, int target) : ILogPipeline
    {
        private long _logJsonTokens;

        public int Accepted { get; private set; }

        public bool Full => Accepted >= target;

        public PipelineStats Stats => inner.Stats;

        public bool TryEnqueue(LogEntry entry)
        {
            if (Full)
            {
                return false;
            }

            // The log as the seed stores and sends it.
            _logJsonTokens += Tokens.Estimate(JsonSerializer.Serialize(new
            {
                timestamp = entry.Timestamp, level = entry.Level.ToName(), message = entry.Message, service = entry.Service,
                userId = entry.UserId, sessionId = entry.SessionId, endpoint = entry.Endpoint, city = entry.City,
                errorCode = entry.ErrorCode, responseTime = entry.ResponseTime,
            }));
            Accepted++;
            return inner.TryEnqueue(entry);
        }

        public Task<EnqueueResult> EnqueueAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken) => inner.EnqueueAsync(entries, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public long PerLogPromptTokens(string systemPrompt) => _logJsonTokens + (Accepted * Tokens.Estimate(systemPrompt));
    }
}
