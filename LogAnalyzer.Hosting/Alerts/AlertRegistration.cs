using LogAnalyzer.Alerts;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Alerts;

/// <summary>Registers the alert engine, its built-in rules and the service that evaluates them.</summary>
internal static class AlertRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<IAlertStore>(sp => sp.GetRequiredService<ILogStore>() as IAlertStore ?? NoAlertStore.Instance);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertRule, ErrorSpikeRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertRule, CriticalEndpointRule>());
        services.TryAddSingleton(sp => new AlertEngine(
            sp.GetRequiredService<IAlertStore>(),
            sp.GetServices<IAlertRule>(),
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, AlertEvaluationService>());
    }
}
