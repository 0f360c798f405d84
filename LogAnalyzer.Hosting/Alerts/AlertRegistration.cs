using LogAnalyzer.Alerts;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Impact;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Alerts;

/// <summary>Registers the alert engine, its built-in rules, the runbook advisor, the notifiers and the services that run them.</summary>
internal static class AlertRegistration
{
    /// <summary>The name of LogAnalyzer's <see cref="HttpClient"/> for the alert webhook.</summary>
    public const string WebhookClientName = "LogAnalyzer.Webhook";

    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<IAlertStore>(sp => sp.GetRequiredService<ILogStore>() as IAlertStore ?? NoAlertStore.Instance);
        services.TryAddSingleton<IImpactStore>(sp => sp.GetRequiredService<ILogStore>() as IImpactStore ?? NoImpactStore.Instance);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertRule, ErrorSpikeRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertRule, CriticalEndpointRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertRule, NewPatternRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertRule, LatencyRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertRule, PatternSpikeRule>());
        services.AddHttpClient(WebhookClientName)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
                Tune(resilience, sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Alerts.Webhook));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertNotifier, WebhookAlertNotifier>(sp => new WebhookAlertNotifier(
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookClientName),
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Alerts.Webhook)));
        services.TryAddSingleton(sp => new AlertNotificationDispatcher(
            sp.GetServices<IAlertNotifier>(),
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<LogAnalyzerMetrics>(),
            sp.GetRequiredService<ILogger<AlertNotificationDispatcher>>()));
        services.TryAddSingleton(sp => new RunbookAdvisor(
            Options(sp).Alerts,
            sp.GetRequiredService<IAlertStore>(),
            sp.GetRequiredService<IPatternAnalysisStore>(),
            sp.GetRequiredService<ILogStore>() as IPatternStore));
        services.TryAddSingleton(sp => new AlertEngine(
            sp.GetRequiredService<IAlertStore>(),
            sp.GetRequiredService<IImpactStore>(),
            sp.GetServices<IAlertRule>(),
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RunbookAdvisor>(),
            sp.GetRequiredService<AlertNotificationDispatcher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, AlertEvaluationService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, AlertNotificationService>());
    }

    /// <summary>Retries transport failures, 408, 429 and 5xx with backoff (honouring Retry-After) within the webhook's time limit.</summary>
    internal static void Tune(HttpStandardResilienceOptions resilience, WebhookOptions webhook)
    {
        resilience.Retry.MaxRetryAttempts = 3;
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(500);
        resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(Math.Clamp(webhook.Timeout.TotalSeconds / 3, 1, 10));
        resilience.TotalRequestTimeout.Timeout = webhook.Timeout;
        resilience.CircuitBreaker.SamplingDuration = resilience.AttemptTimeout.Timeout * 2 > TimeSpan.FromSeconds(30) ? resilience.AttemptTimeout.Timeout * 2 : TimeSpan.FromSeconds(30);
    }

    private static LogAnalyzerOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value;
}
