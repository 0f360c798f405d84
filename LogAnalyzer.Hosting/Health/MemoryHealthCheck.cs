using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Health;

/// <summary>The process's resident memory against <see cref="HealthOptions.MemoryWarningMegabytes"/>.</summary>
internal sealed class MemoryHealthCheck(IOptions<LogAnalyzerOptions> options) : IHealthCheck
{
    public const string Name = "loganalyzer-memory";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var megabytes = MemoryMonitorService.ResidentMegabytes();
        var limit = options.Value.Health.MemoryWarningMegabytes;
        var data = new Dictionary<string, object> { ["rssMegabytes"] = megabytes, ["warningMegabytes"] = limit };
        return Task.FromResult(megabytes > limit
            ? HealthCheckResult.Degraded($"High memory usage: {megabytes} MB (LogAnalyzer:Health:MemoryWarningMegabytes is {limit}).", data: data)
            : HealthCheckResult.Healthy($"{megabytes} MB resident.", data));
    }
}
