using LogAnalyzer.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Patterns;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer;

/// <summary>
/// LogAnalyzer without dependency injection: the SQLite store and the running ingestion pipeline, for console apps,
/// tools and tests. Create one per database with <see cref="Start"/> or <see cref="StartAsync"/>, hand
/// <see cref="Pipeline"/> to the logging integrations, and dispose it at exit: disposing stops taking entries and
/// writes what is queued (for at most <see cref="PipelineOptions.ShutdownTimeout"/>). In an app that calls
/// <c>services.AddLogAnalyzer()</c> the host runs the same parts; do not create an engine there.
/// </summary>
/// <example>
/// <code>
/// await using var engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = "logs.db" } });
/// using var loggerFactory = LoggerFactory.Create(b => b.AddLogAnalyzer(engine.Pipeline));
/// </code>
/// </example>
public sealed class LogAnalyzerEngine : IAsyncDisposable, IDisposable
{
    private readonly SqliteLogStore _store;
    private readonly LogPipeline _pipeline;
    private readonly LogAnalyzerMetrics _metrics;
    private int _disposed;

    private LogAnalyzerEngine(SqliteLogStore store, LogPipeline pipeline, LogAnalyzerMetrics metrics, LogAnalyzerOptions options)
    {
        _store = store;
        _pipeline = pipeline;
        _metrics = metrics;
        Options = options;
    }

    /// <summary>The ingestion pipeline; give it to <c>WriteTo.LogAnalyzer(...)</c> or <c>AddLogAnalyzer(...)</c>.</summary>
    public ILogPipeline Pipeline => _pipeline;

    /// <summary>The store, for queries.</summary>
    public ILogStore Store => _store;

    /// <summary>The options the engine runs with.</summary>
    public LogAnalyzerOptions Options { get; }

    /// <summary>
    /// Validates <paramref name="options"/>, opens (and creates or migrates) the database and starts the pipeline.
    /// </summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (<c>data/loganalyzer.db</c>).</param>
    /// <param name="loggerFactory">Where LogAnalyzer logs its own warnings (such as a failing disk); none by default.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="cancellationToken">Stops opening the database.</param>
    /// <returns>The running engine.</returns>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static async Task<LogAnalyzerEngine> StartAsync(
        LogAnalyzerOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new LogAnalyzerOptions();
        var validation = new LogAnalyzerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(LogAnalyzerOptions), validation.Failures);
        }

        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var store = new SqliteLogStore(wrapped);
        var metrics = new LogAnalyzerMetrics();
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch
        {
            store.Dispose();
            metrics.Dispose();
            throw;
        }

        var time = timeProvider ?? TimeProvider.System;
        var miner = new TemplateMiner(options.Patterns);
        metrics.ObservePatterns(() => miner.Evictions);
        await PatternRestorer.RestoreAsync(miner, store, options.Patterns.MaxPatterns, cancellationToken);
        var analyzer = RedactingEntryAnalyzer.Wrap(
            new EntryAnalyzer(miner, new AnomalyScorer(options.Anomalies, time)), options.Ai.Redaction, new Ai.Redaction.LogRedactor(options.Ai.Redaction));
        var logger = loggerFactory?.CreateLogger<LogPipeline>() ?? NullLogger<LogPipeline>.Instance;
        var pipeline = new LogPipeline(store, wrapped, time, metrics, logger, analyzer);
        pipeline.Start();
        return new LogAnalyzerEngine(store, pipeline, metrics, options);
    }

    /// <summary>
    /// Synchronous <see cref="StartAsync"/>, for configuration code that cannot await (such as a Serilog
    /// <c>LoggerConfiguration</c>).
    /// </summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where LogAnalyzer logs its own warnings; none by default.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>The running engine.</returns>
    public static LogAnalyzerEngine Start(LogAnalyzerOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        // Opening SQLite completes synchronously; nothing here needs a synchronization context.
        StartAsync(options, loggerFactory, timeProvider, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Stops taking entries, writes what is queued (within the shutdown timeout) and closes the database.</summary>
    /// <returns>A task that completes when everything is written and closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _pipeline.DisposeAsync();
        _store.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>, for <c>using</c> and <c>Log.CloseAndFlush()</c>.</summary>
    public void Dispose() =>
        // The writer runs on the thread pool, not on the caller's context, so blocking here cannot deadlock.
        DisposeAsync().AsTask().GetAwaiter().GetResult();
}
