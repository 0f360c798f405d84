using LogAnalyzer.Insights;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Insights;

/// <summary>Registers the reads and builders behind timelines, blast radius, trending, search and the copilot.</summary>
internal static class InsightRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<IInsightStore>(sp => sp.GetRequiredService<ILogStore>() as IInsightStore ?? NoInsightStore.Instance);
        services.TryAddSingleton(sp => new PatternExplanations(
            sp.GetRequiredService<IPatternAnalysisStore>(),
            sp.GetRequiredService<ILogStore>() as IPatternStore,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SessionTimelineBuilder(
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Insights,
            sp.GetRequiredService<PatternExplanations>()));
        services.TryAddSingleton(sp => new SearchService(
            sp.GetRequiredService<IInsightStore>(),
            sp.GetRequiredService<PatternExplanations>(),
            sp.GetRequiredService<LogAnalyzer.Ai.LanguageModel>(),
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CopilotService(
            sp.GetRequiredService<IInsightStore>(),
            sp.GetRequiredService<SearchService>(),
            sp.GetRequiredService<IOptions<LogAnalyzerOptions>>().Value.Insights,
            sp.GetRequiredService<TimeProvider>()));
    }
}
