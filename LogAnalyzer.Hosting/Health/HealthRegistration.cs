using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogAnalyzer.Hosting.Health;

/// <summary>
/// Adds LogAnalyzer's health checks to the host's <c>AddHealthChecks()</c>, tagged <see cref="Tag"/>, so they appear in
/// <c>GET /health</c> and in any <c>app.MapHealthChecks(...)</c> of the app; and the memory monitor.
/// </summary>
internal static class HealthRegistration
{
    public const string Tag = "loganalyzer";

    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<LanguageModelCircuit>();
        // Singletons: the queue check remembers the drops it has seen between two checks.
        services.TryAddSingleton<StoreHealthCheck>();
        services.TryAddSingleton<QueueHealthCheck>();
        services.TryAddSingleton<LanguageModelHealthCheck>();
        services.TryAddSingleton<RedisHealthCheck>();
        services.TryAddSingleton<MemoryHealthCheck>();
        services.TryAddSingleton<MongoHealthCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, MemoryMonitorService>());
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, tags: [Tag])
            .AddCheck<QueueHealthCheck>(QueueHealthCheck.Name, tags: [Tag])
            .AddCheck<LanguageModelHealthCheck>(LanguageModelHealthCheck.Name, tags: [Tag])
            .AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: [Tag])
            .AddCheck<MemoryHealthCheck>(MemoryHealthCheck.Name, tags: [Tag])
            .AddCheck<MongoHealthCheck>(MongoHealthCheck.Name, tags: [Tag]);
    }
}
