using LogAnalyzer;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Logging;
using LogAnalyzer.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Logging;

/// <summary>Adds the LogAnalyzer provider to an <see cref="ILoggingBuilder"/>.</summary>
public static class LogAnalyzerLoggingBuilderExtensions
{
    /// <summary>
    /// Sends log events to the host's LogAnalyzer pipeline (registered by <c>services.AddLogAnalyzer()</c>, which
    /// must also be called). Levels come from <c>Logging:LogAnalyzer:LogLevel</c>, other settings from
    /// <c>Logging:LogAnalyzer</c>. Logging never waits for storage: when the queue is full an event is dropped and counted.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <returns>The builder.</returns>
    public static ILoggingBuilder AddLogAnalyzer(this ILoggingBuilder builder) => builder.AddLogAnalyzer(static _ => { });

    /// <summary>Sends log events to the host's LogAnalyzer pipeline (see <see cref="AddLogAnalyzer(ILoggingBuilder)"/>) with settings.</summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="configure">Configures the provider, after <c>Logging:LogAnalyzer</c> is bound.</param>
    /// <returns>The builder.</returns>
    public static ILoggingBuilder AddLogAnalyzer(this ILoggingBuilder builder, Action<LogAnalyzerLoggerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, configure, static services =>
        {
            // Checked without resolving: the pipeline needs a logger, so resolving it here would be circular.
            if (services.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(ILogPipeline)))
            {
                throw new InvalidOperationException(
                    "AddLogAnalyzer() on the logging builder needs LogAnalyzer's services: call services.AddLogAnalyzer() as well, " +
                    "or pass a pipeline (LogAnalyzerEngine.Pipeline) to AddLogAnalyzer(pipeline) when there is no host.");
            }

            return PipelineSource.FromServices(services);
        });
    }

    /// <summary>
    /// Sends log events to <paramref name="pipeline"/>, such as that of a <see cref="LogAnalyzerEngine"/> in an
    /// app without a host. The pipeline stays the caller's: dispose the engine after the logger factory to write
    /// what is queued.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="pipeline">The pipeline that stores the entries.</param>
    /// <param name="configure">Configures the provider; optional.</param>
    /// <returns>The builder.</returns>
    public static ILoggingBuilder AddLogAnalyzer(this ILoggingBuilder builder, ILogPipeline pipeline, Action<LogAnalyzerLoggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(pipeline);
        return Add(builder, configure ?? (static _ => { }), _ => PipelineSource.Shared(pipeline));
    }

    private static ILoggingBuilder Add(ILoggingBuilder builder, Action<LogAnalyzerLoggerOptions> configure, Func<IServiceProvider, PipelineSource> source)
    {
        builder.AddConfiguration();
        LoggerProviderOptions.RegisterProviderOptions<LogAnalyzerLoggerOptions, LogAnalyzerLoggerProvider>(builder.Services);
        builder.Services.Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, LogAnalyzerLoggerProvider>(services => new LogAnalyzerLoggerProvider(
            source(services),
            services.GetRequiredService<IOptions<LogAnalyzerLoggerOptions>>().Value,
            services.GetService<TimeProvider>() ?? TimeProvider.System)));
        return builder;
    }
}
