using LogAnalyzer.Ai;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace LogAnalyzer.Hosting.Health;

/// <summary>The language model's circuit: degraded while it is open (analyses wait, ingestion is untouched).</summary>
internal sealed class LanguageModelHealthCheck(LanguageModel model, LanguageModelCircuit circuit) : IHealthCheck
{
    public const string Name = "loganalyzer-llm";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!model.IsConfigured)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No language model is configured: explanations are built in."));
        }

        var state = model.Provider == "cerebras" ? circuit.State : (CircuitState?)null;
        var data = new Dictionary<string, object> { ["provider"] = model.Provider, ["circuit"] = state?.ToString() ?? "n/a" };
        return Task.FromResult(state is CircuitState.Open or CircuitState.Isolated
            ? HealthCheckResult.Degraded("The language model's circuit is open after repeated failures: analyses resume when it closes; ingestion is unaffected.", data: data)
            : HealthCheckResult.Healthy(state is CircuitState.HalfOpen ? "The language model's circuit is testing the model again." : "The language model is reachable.", data));
    }
}

/// <summary>Observes the circuit breaker of the Cerebras client's resilience handler.</summary>
internal sealed class LanguageModelCircuit
{
    public CircuitBreakerStateProvider Provider { get; } = new();

    /// <summary>The circuit's state, or <see langword="null"/> before the first call built the handler.</summary>
    public CircuitState? State
    {
        get
        {
            try
            {
                return Provider.CircuitState;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }
}
