using LogAnalyzer.Hosting.Ai;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogAnalyzer;

/// <summary>Configures LogAnalyzer's services; returned by <c>services.AddLogAnalyzer()</c>.</summary>
public sealed class LogAnalyzerBuilder
{
    internal LogAnalyzerBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a delegate that configures the options, run after configuration binding.</summary>
    /// <param name="configure">The delegate.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder Configure(Action<LogAnalyzerOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Stores entries in the embedded SQLite database at <paramref name="path"/> (the default store).</summary>
    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Configure(options => options.Sqlite.Path = path);
    }

    /// <summary>
    /// Stores entries, patterns and analysis in MongoDB instead of the embedded SQLite database, so that a fleet of
    /// instances shares one store. Same as setting <c>LogAnalyzer:MongoDb:ConnectionString</c> and
    /// <c>LogAnalyzer:MongoDb:Database</c>; the pool, timeouts and retention come from <c>LogAnalyzer:MongoDb</c>.
    /// </summary>
    /// <param name="connectionString">The MongoDB connection string, such as <c>mongodb://localhost:27017</c>.</param>
    /// <param name="database">The database that holds LogAnalyzer's collections, such as <c>loganalyzer</c>.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseMongoDb(string connectionString, string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return Configure(options =>
        {
            options.MongoDb.ConnectionString = connectionString;
            options.MongoDb.Database = database;
        });
    }

    /// <summary>
    /// Shares one analysis among the instances of a fleet through Redis: alert evaluation and AI analysis run on one
    /// instance at a time (a lease each, renewed on every run and taken over when its holder stops or dies). Same as
    /// setting <c>LogAnalyzer:Redis:Configuration</c>.
    /// </summary>
    /// <param name="configuration">The StackExchange.Redis configuration string, such as <c>localhost:6379</c>.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseRedis(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return Configure(options => options.Redis.Configuration = configuration);
    }

    /// <summary>
    /// Ingests through a Redis stream the fleet shares (and shares the analysis as <see cref="UseRedis"/> does): each
    /// instance adds its analysed batches to the stream, and each instance's consumer stores batches from it through one
    /// consumer group, so every entry is stored once by whichever instance is free. When Redis is unreachable or the
    /// stream is full, entries go to the local store instead, and back to Redis when it is. Same as setting
    /// <c>LogAnalyzer:Redis:Configuration</c> and <c>LogAnalyzer:Redis:Queue:Enabled</c>.
    /// </summary>
    /// <param name="configuration">The StackExchange.Redis configuration string, such as <c>localhost:6379</c>.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseRedisQueue(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return Configure(options =>
        {
            options.Redis.Configuration = configuration;
            options.Redis.Queue.Enabled = true;
        });
    }

    /// <summary>
    /// Uses the app's own language model (OpenAI, Azure OpenAI, Ollama, ...) instead of Cerebras. LogAnalyzer still
    /// redacts every prompt, keeps calls within its token budget and records their metrics around it.
    /// </summary>
    /// <param name="create">Creates the client from the app's services.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseChatClient(Func<IServiceProvider, IChatClient> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.RemoveAll<AppChatClient>();
        Services.AddSingleton(new AppChatClient(create));
        return this;
    }

    /// <summary>Uses the given client instead of Cerebras (see <see cref="UseChatClient(Func{IServiceProvider, IChatClient})"/>).</summary>
    /// <param name="client">The client.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseChatClient(IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return UseChatClient(_ => client);
    }

    /// <summary>
    /// Uses the <see cref="IChatClient"/> the app registered in its services (keyed by <paramref name="serviceKey"/>
    /// when given) instead of Cerebras (see <see cref="UseChatClient(Func{IServiceProvider, IChatClient})"/>).
    /// </summary>
    /// <param name="serviceKey">The key the client is registered under, or <see langword="null"/> for the unkeyed one.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseRegisteredChatClient(object? serviceKey = null) =>
        UseChatClient(sp => serviceKey is null ? sp.GetRequiredService<IChatClient>() : sp.GetRequiredKeyedService<IChatClient>(serviceKey));
}
