using LogAnalyzer.Analysis;
using LogAnalyzer.Patterns;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting;

/// <summary>Prepares the store and runs the pipeline for the host's lifetime; drains it at shutdown.</summary>
internal sealed class LogAnalyzerHostedService(
    ILogStore store,
    LogPipeline pipeline,
    IServiceProvider services,
    IOptions<LogAnalyzerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        if (services.GetService<TemplateMiner>() is { } miner && store is IPatternStore patterns)
        {
            await PatternRestorer.RestoreAsync(miner, patterns, options.Value.Patterns.MaxPatterns, cancellationToken);
        }

        pipeline.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => pipeline.StopAsync(cancellationToken);
}
