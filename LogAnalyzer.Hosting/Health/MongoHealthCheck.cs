using LogAnalyzer.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Health;

/// <summary>
/// MongoDB, when it is the store: a ping of at most <see cref="PingTimeout"/>, at most one every <see cref="PingEvery"/>
/// (checks in between share the last answer); degraded while it does not answer (entries wait in the queue).
/// </summary>
internal sealed class MongoHealthCheck(IOptions<LogAnalyzerOptions> options, IServiceProvider services, TimeProvider time) : IHealthCheck
{
    public const string Name = "loganalyzer-mongodb";

    /// <summary>How long the ping may take before MongoDB counts as down.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a ping's answer stands for the checks that follow it.</summary>
    public static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(5);

    private readonly SharedProbe<bool> _ping = new(time, PingEvery);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.MongoDb.ConnectionString is null)
        {
            return HealthCheckResult.Healthy("MongoDB is not configured.");
        }

        var store = services.GetRequiredService<MongoLogStore>();
        var connected = await _ping.GetAsync(() => store.PingAsync(PingTimeout, time, CancellationToken.None), cancellationToken);
        var data = new Dictionary<string, object> { ["connected"] = connected };
        return connected
            ? HealthCheckResult.Healthy("MongoDB answers.", data)
            : HealthCheckResult.Degraded($"MongoDB did not answer a ping within {PingTimeout.TotalSeconds:0} s: entries wait in the queue and writes are retried.", data: data);
    }
}
