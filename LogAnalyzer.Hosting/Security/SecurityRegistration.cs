using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Security;

/// <summary>Registers API keys, the rate limiter, compression and the filter that applies them to the endpoints.</summary>
internal static class SecurityRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<ApiRateLimiter>();
        services.TryAddSingleton<ApiResponseCompression>();
        services.TryAddSingleton(sp => new LogAnalyzerEndpointFilter(
            sp.GetRequiredService<ApiKeyAuthenticator>(),
            sp.GetRequiredService<ApiRateLimiter>(),
            sp.GetRequiredService<ApiResponseCompression>(),
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>(),
            sp.GetService<IHostEnvironment>(),
            sp.GetRequiredService<ILogger<LogAnalyzerEndpointFilter>>()));
    }
}
