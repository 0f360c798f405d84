using LogAnalyzer;
using LogAnalyzer.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Patterns;
using LogAnalyzer.Hosting;
using LogAnalyzer.Hosting.Ai;
using LogAnalyzer.Hosting.Alerts;
using LogAnalyzer.Hosting.RequestContext;
using LogAnalyzer.Ingestion;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds LogAnalyzer to an <see cref="IServiceCollection"/>.</summary>
public static class LogAnalyzerServiceCollectionExtensions
{
    /// <summary>
    /// Adds LogAnalyzer: options bound from the <c>LogAnalyzer</c> configuration section and validated at start-up,
    /// the embedded SQLite store (or MongoDB when <c>LogAnalyzer:MongoDb:ConnectionString</c> is set), the ingestion pipeline and the background service that runs it. Calling it again
    /// adds nothing twice.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder for further configuration.</returns>
    public static LogAnalyzerBuilder AddLogAnalyzer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(LogAnalyzerMarkerService)))
        {
            return new LogAnalyzerBuilder(services);
        }

        services.AddSingleton<LogAnalyzerMarkerService>();
        // Bound from the host's configuration when there is one; a bare service collection has none.
        services.AddOptions<LogAnalyzerOptions>()
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(LogAnalyzerOptions.SectionName).Bind(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LogAnalyzerOptions>, LogAnalyzerOptionsValidator>());
        services.AddOptions<LogAnalyzerRequestContextOptions>()
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(LogAnalyzerRequestContextOptions.SectionName).Bind(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LogAnalyzerRequestContextOptions>, RequestContextOptionsValidator>());
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteLogStore>();
        services.TryAddSingleton<LogAnalyzer.Storage.Mongo.MongoLogStore>();

        // MongoDB replaces SQLite when its connection string is set (UseMongoDb or LogAnalyzer:MongoDb:ConnectionString).
        services.TryAddSingleton<ILogStore>(sp => sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.MongoDb.ConnectionString is null
            ? sp.GetRequiredService<SqliteLogStore>()
            : sp.GetRequiredService<LogAnalyzer.Storage.Mongo.MongoLogStore>());
        services.TryAddSingleton<IPatternStore>(sp => sp.GetRequiredService<ILogStore>() as IPatternStore
            ?? throw new InvalidOperationException($"The registered {nameof(ILogStore)} does not store patterns: register an {nameof(IPatternStore)} too."));
        services.TryAddSingleton(sp => new LogAnalyzerMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp =>
        {
            var miner = new TemplateMiner(sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Patterns);
            sp.GetRequiredService<LogAnalyzerMetrics>().ObservePatterns(() => miner.Evictions);
            return miner;
        });
        services.TryAddSingleton(sp => new AnomalyScorer(sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Anomalies, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<EntryAnalyzer>();
        services.TryAddSingleton(sp => RedactingEntryAnalyzer.Wrap(
            sp.GetRequiredService<EntryAnalyzer>(),
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Ai.Redaction,
            sp.GetRequiredService<LogAnalyzer.Ai.Redaction.LogRedactor>()));
        services.TryAddSingleton(sp => new LogPipeline(
            sp.GetRequiredService<ILogStore>(),
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<LogAnalyzerMetrics>(),
            sp.GetRequiredService<Logging.ILogger<LogPipeline>>(),
            sp.GetService<IEntryAnalyzer>(),
            sp.GetRequiredService<LogAnalyzer.Hosting.Queue.RedisQueueServices>().Producer));
        services.TryAddSingleton<ILogPipeline>(sp => sp.GetRequiredService<LogPipeline>());
        services.TryAddSingleton<LogEntryValidator>();
        services.TryAddSingleton<LogAnalyzerRuntime>();
        LogAnalyzer.Hosting.Coordination.FleetRegistration.Add(services);
        LanguageModelRegistration.Add(services);
        AlertRegistration.Add(services);
        LogAnalyzer.Hosting.Insights.InsightRegistration.Add(services);
        LogAnalyzer.Hosting.Security.SecurityRegistration.Add(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, LogAnalyzerHostedService>());
        LogAnalyzer.Hosting.Queue.RedisQueueRegistration.Add(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, LogAnalyzer.Hosting.Retention.RetentionService>());
        LogAnalyzer.Hosting.Health.HealthRegistration.Add(services);
        return new LogAnalyzerBuilder(services);
    }

    /// <summary>Adds LogAnalyzer (see <see cref="AddLogAnalyzer(IServiceCollection)"/>) and configures its options.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Runs after configuration binding.</param>
    /// <returns>A builder for further configuration.</returns>
    public static LogAnalyzerBuilder AddLogAnalyzer(this IServiceCollection services, Action<LogAnalyzerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddLogAnalyzer().Configure(configure);
    }

    /// <summary>Adds LogAnalyzer (see <see cref="AddLogAnalyzer(IServiceCollection)"/>) and binds its options from a configuration section.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The section that holds LogAnalyzer's settings, such as <c>configuration.GetSection("LogAnalyzer")</c>.</param>
    /// <returns>A builder for further configuration.</returns>
    public static LogAnalyzerBuilder AddLogAnalyzer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddLogAnalyzer();
        services.Configure<LogAnalyzerOptions>(configuration);
        return builder;
    }
}
