using LogAnalyzer.Pipeline;

namespace LogAnalyzer.Ingestion;

/// <summary>
/// Where a logging integration sends its entries: a pipeline it was given, one it owns (standalone use, disposed
/// with it), or the host's, resolved from the container on first use. Resolution is deferred because the host's
/// pipeline itself needs an <c>ILogger</c>, so resolving it while the logging system is being built would be circular.
/// </summary>
internal sealed class PipelineSource : IAsyncDisposable
{
    [ThreadStatic]
    private static bool t_resolving;

    private readonly IServiceProvider? _services;
    private readonly LogAnalyzerEngine? _owned;
    private ILogPipeline? _pipeline;

    private PipelineSource(ILogPipeline? pipeline, IServiceProvider? services, LogAnalyzerEngine? owned)
    {
        _pipeline = pipeline;
        _services = services;
        _owned = owned;
    }

    /// <summary>A pipeline owned by someone else (the host, or the app's own <see cref="LogAnalyzerEngine"/>).</summary>
    public static PipelineSource Shared(ILogPipeline pipeline) => new(pipeline, null, null);

    /// <summary>An engine the integration created and disposes (which drains it) when it is disposed.</summary>
    public static PipelineSource Owned(LogAnalyzerEngine engine) => new(engine.Pipeline, null, engine);

    /// <summary>The host's <see cref="ILogPipeline"/>, resolved from <paramref name="services"/> on first use.</summary>
    public static PipelineSource FromServices(IServiceProvider services) => new(null, services, null);

    /// <summary>The pipeline, or <see langword="null"/> while it cannot be resolved yet (the event is then dropped).</summary>
    public ILogPipeline? TryGet()
    {
        var pipeline = Volatile.Read(ref _pipeline);
        if (pipeline is not null || _services is null || t_resolving)
        {
            return pipeline;
        }

        // Creating the pipeline may log (its logger is created); that nested event must not resolve again.
        t_resolving = true;
        try
        {
            pipeline = _services.GetService(typeof(ILogPipeline)) as ILogPipeline;
            if (pipeline is not null)
            {
                Volatile.Write(ref _pipeline, pipeline);
            }

            return pipeline;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // The container is still being built (a circular resolution) or already disposed; the next event tries again.
            return null;
        }
        finally
        {
            t_resolving = false;
        }
    }

    /// <summary>Drains and disposes an owned engine; a shared pipeline belongs to its owner and is left running.</summary>
    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
