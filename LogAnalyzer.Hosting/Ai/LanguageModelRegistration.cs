using LogAnalyzer.Ai;
using LogAnalyzer.Ai.Analysis;
using LogAnalyzer.Ai.Chat;
using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Ai;

/// <summary>
/// Registers the language model: Cerebras over a named <see cref="HttpClient"/> with the standard resilience
/// handler tuned from <see cref="AiOptions"/>, unless the app chose its own client with <c>UseChatClient</c>.
/// </summary>
internal static class LanguageModelRegistration
{
    /// <summary>The name of LogAnalyzer's <see cref="HttpClient"/> for Cerebras.</summary>
    public const string HttpClientName = "LogAnalyzer.Cerebras";

    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<AnalysisTrigger>();
        // A store of the app's own without analyses: the API answers without them and the worker finds nothing to do.
        services.TryAddSingleton<IPatternAnalysisStore>(sp => sp.GetRequiredService<ILogStore>() as IPatternAnalysisStore ?? NoPatternAnalyses.Instance);
        services.TryAddSingleton<PatternAnalyzer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, PatternAnalysisService>());
        services.AddHttpClient(HttpClientName)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                Tune(resilience, sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Ai);
                resilience.CircuitBreaker.StateProvider = sp.GetRequiredService<Health.LanguageModelCircuit>().Provider;
            });
        services.TryAddSingleton(sp => new LogRedactor(sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Ai.Redaction));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Ai;
            var (inner, provider) = sp.GetService<AppChatClient>() is { } app
                ? (app.Create(sp), "app")
                : options.IsConfigured
                    ? (new CerebrasChatClient(() => sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<IOptions<LogAnalyzerOptions>>()), "cerebras")
                    : ((IChatClient?)null, "none");
            return inner is null
                ? LanguageModel.None(options)
                : LanguageModel.Create(inner, provider, options, sp.GetRequiredService<LogRedactor>(), sp.GetRequiredService<LogAnalyzerMetrics>(), sp.GetRequiredService<TimeProvider>());
        });
    }

    /// <summary>
    /// Retries 408, 429, 5xx and transport failures (the handler's default predicate: 401, 403 and 404 are not
    /// retried), waiting as long as Retry-After says; bounds each attempt and the whole call; opens the circuit
    /// when most recent calls failed.
    /// </summary>
    internal static void Tune(HttpStandardResilienceOptions resilience, AiOptions ai)
    {
        resilience.Retry.MaxRetryAttempts = 3;
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.Retry.Delay = TimeSpan.FromSeconds(1);
        resilience.Retry.MaxDelay = TimeSpan.FromSeconds(60);
        resilience.AttemptTimeout.Timeout = ai.AttemptTimeout;
        resilience.TotalRequestTimeout.Timeout = ai.TotalTimeout;
        // The breaker's sampling window must be at least twice the attempt timeout (the options are validated).
        resilience.CircuitBreaker.SamplingDuration = ai.AttemptTimeout * 2 > TimeSpan.FromSeconds(30) ? ai.AttemptTimeout * 2 : TimeSpan.FromSeconds(30);
        resilience.CircuitBreaker.MinimumThroughput = 5;
        resilience.CircuitBreaker.FailureRatio = 0.5;
        resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
    }
}

/// <summary>The app's own chat client, chosen with <c>UseChatClient</c>.</summary>
internal sealed class AppChatClient(Func<IServiceProvider, IChatClient> create)
{
    public IChatClient Create(IServiceProvider services) => create(services);
}
