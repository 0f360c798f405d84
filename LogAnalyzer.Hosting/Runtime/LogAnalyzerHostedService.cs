using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Hosting;

namespace LogAnalyzer.Hosting;

/// <summary>Prepares the store and runs the pipeline for the host's lifetime; drains it at shutdown.</summary>
internal sealed class LogAnalyzerHostedService(ILogStore store, LogPipeline pipeline) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        pipeline.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => pipeline.StopAsync(cancellationToken);
}
