using LogAnalyzer;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace Serilog;

/// <summary>Adds <c>WriteTo.LogAnalyzer(...)</c> to Serilog's configuration.</summary>
public static class LogAnalyzerLoggerSinkConfigurationExtensions
{
    /// <summary>
    /// Stores events in a LogAnalyzer database of the sink's own (no host needed), for example from
    /// <c>appsettings.json</c> through Serilog.Settings.Configuration. <c>Log.CloseAndFlush()</c> (or disposing the
    /// logger) writes what is queued, for at most <paramref name="shutdownTimeout"/>. Logging never waits for the
    /// disk: when the queue is full an event is dropped and counted.
    /// </summary>
    /// <param name="sinkConfiguration">Serilog's sink configuration.</param>
    /// <param name="databasePath">The SQLite file; its folder is created. Default: <c>data/loganalyzer.db</c>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level stored. Default: all.</param>
    /// <param name="levelSwitch">Changes the lowest level at run time; overrides <paramref name="restrictedToMinimumLevel"/>.</param>
    /// <param name="queueCapacity">The most events waiting to be written. Default: 10,000.</param>
    /// <param name="batchSize">Waiting events that trigger a write before <paramref name="flushInterval"/>. Default: 50.</param>
    /// <param name="flushInterval">The longest an event waits before it is written. Default: 1 second.</param>
    /// <param name="shutdownTimeout">How long disposing may spend writing what is queued. Default: 5 seconds.</param>
    /// <param name="service">The service name stored with events that carry none. Default: none.</param>
    /// <param name="overloadCapacity">
    /// Once an event finds the queue full, the most events waiting while the writer catches up (see
    /// <see cref="PipelineOptions.OverloadCapacity"/>); <paramref name="queueCapacity"/> or more turns the limit off.
    /// Default: that option's default (250).
    /// </param>
    /// <returns>The logger configuration.</returns>
    public static LoggerConfiguration LogAnalyzer(
        this LoggerSinkConfiguration sinkConfiguration,
        string? databasePath = null,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum,
        LoggingLevelSwitch? levelSwitch = null,
        int queueCapacity = 10_000,
        int batchSize = 50,
        TimeSpan? flushInterval = null,
        TimeSpan? shutdownTimeout = null,
        string? service = null,
        int? overloadCapacity = null)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return sinkConfiguration.LogAnalyzer(
            options =>
            {
                if (!string.IsNullOrWhiteSpace(databasePath))
                {
                    options.Engine.Sqlite.Path = databasePath;
                }

                options.Engine.Pipeline.Capacity = queueCapacity;
                options.Engine.Pipeline.OverloadCapacity = overloadCapacity ?? options.Engine.Pipeline.OverloadCapacity;
                // The HTTP API's batch bound must fit the queue; the sink's own engine serves no API.
                options.Engine.Api.MaxBatchEntries = Math.Clamp(queueCapacity, 1, options.Engine.Api.MaxBatchEntries);
                options.Engine.Pipeline.BatchSize = batchSize;
                options.Engine.Pipeline.MaxBatchSize = Math.Max(options.Engine.Pipeline.MaxBatchSize, batchSize);
                options.Engine.Pipeline.FlushInterval = flushInterval ?? options.Engine.Pipeline.FlushInterval;
                options.Engine.Pipeline.ShutdownTimeout = shutdownTimeout ?? options.Engine.Pipeline.ShutdownTimeout;
                options.Service = service;
            },
            restrictedToMinimumLevel,
            levelSwitch);
    }

    /// <summary>
    /// Stores events through <paramref name="pipeline"/>, such as that of a <see cref="LogAnalyzerEngine"/> the app
    /// created; the pipeline stays the app's (dispose the engine after the logger).
    /// </summary>
    /// <param name="sinkConfiguration">Serilog's sink configuration.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level stored. Default: all.</param>
    /// <param name="service">The service name stored with events that carry none. Default: none.</param>
    /// <returns>The logger configuration.</returns>
    public static LoggerConfiguration LogAnalyzer(
        this LoggerSinkConfiguration sinkConfiguration,
        ILogPipeline pipeline,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum,
        string? service = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return sinkConfiguration.LogAnalyzer(
            options =>
            {
                options.Pipeline = pipeline;
                options.Service = service;
            },
            restrictedToMinimumLevel);
    }

    /// <summary>
    /// Stores events through the host's pipeline (the app calls <c>services.AddLogAnalyzer()</c>), resolved from
    /// <paramref name="services"/> on first use; for <c>services.AddSerilog((services, lc) =&gt; lc.WriteTo.LogAnalyzer(services))</c>.
    /// Events logged before the pipeline can be resolved are not stored.
    /// </summary>
    /// <param name="sinkConfiguration">Serilog's sink configuration.</param>
    /// <param name="services">The host's services.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level stored. Default: all.</param>
    /// <param name="service">The service name stored with events that carry none. Default: none.</param>
    /// <returns>The logger configuration.</returns>
    public static LoggerConfiguration LogAnalyzer(
        this LoggerSinkConfiguration sinkConfiguration,
        IServiceProvider services,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum,
        string? service = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return sinkConfiguration.LogAnalyzer(
            options =>
            {
                options.Services = services;
                options.Service = service;
            },
            restrictedToMinimumLevel);
    }

    /// <summary>Stores events in LogAnalyzer with every setting of <see cref="LogAnalyzerSinkOptions"/>.</summary>
    /// <param name="sinkConfiguration">Serilog's sink configuration.</param>
    /// <param name="configure">Configures the sink.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level stored. Default: all.</param>
    /// <param name="levelSwitch">Changes the lowest level at run time.</param>
    /// <returns>The logger configuration.</returns>
    public static LoggerConfiguration LogAnalyzer(
        this LoggerSinkConfiguration sinkConfiguration,
        Action<LogAnalyzerSinkOptions> configure,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum,
        LoggingLevelSwitch? levelSwitch = null)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new LogAnalyzerSinkOptions();
        configure(options);
        var source = options switch
        {
            { Pipeline: { } pipeline } => PipelineSource.Shared(pipeline),
            { Services: { } services } => PipelineSource.FromServices(services),
            _ => PipelineSource.Owned(LogAnalyzerEngine.Start(options.Engine)),
        };
        var mapper = new LogEventMapper(LogEntryFields.Snapshot(options.FieldMap), options.Service, options.Limits);
        return sinkConfiguration.Sink(new LogAnalyzerSink(source, mapper), restrictedToMinimumLevel, levelSwitch);
    }
}
