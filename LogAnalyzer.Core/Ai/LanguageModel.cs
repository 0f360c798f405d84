using LogAnalyzer.Ai.Chat;
using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Diagnostics;
using Microsoft.Extensions.AI;

namespace LogAnalyzer.Ai;

/// <summary>
/// The language model LogAnalyzer talks to — Cerebras, or the app's own <see cref="IChatClient"/> — always behind
/// LogAnalyzer's own behaviour: redaction of every prompt, call and token metrics, and the token budget. Absent
/// when no key and no client are configured; callers then use built-in explanations.
/// </summary>
internal sealed class LanguageModel
{
    private LanguageModel(IChatClient? client, string provider, AiOptions options, TokenBudget? budget, LogRedactor redactor)
    {
        Redactor = redactor;
        Client = client;
        Provider = provider;
        Options = options;
        Budget = budget;
    }

    /// <summary>The decorated client; <see langword="null"/> when no model is configured.</summary>
    public IChatClient? Client { get; }

    /// <summary>Who answers: <c>cerebras</c>, <c>app</c> (a client of the app's own) or <c>none</c>.</summary>
    public string Provider { get; }

    /// <summary>The settings the model is used with.</summary>
    public AiOptions Options { get; }

    /// <summary>The token budget calls are kept within; <see langword="null"/> without a model.</summary>
    public TokenBudget? Budget { get; }

    /// <summary>Redacts text before it is put in a prompt (the client redacts whole messages again).</summary>
    public LogRedactor Redactor { get; }

    public bool IsConfigured => Client is not null;

    /// <summary>The options of one structured call: the model (the configured one unless given), the answer's schema, the token limit.</summary>
    /// <param name="format">The JSON schema the answer must follow.</param>
    /// <param name="modelId">Another model than <see cref="AiOptions.Model"/>, such as the explanation model.</param>
    /// <param name="temperature">Another temperature than <see cref="AiOptions.Temperature"/> (0 for reading a question).</param>
    public ChatOptions StructuredCall(ChatResponseFormat format, string? modelId = null, float? temperature = null) => new()
    {
        ModelId = modelId ?? Options.Model,
        ResponseFormat = format,
        Temperature = temperature ?? Options.Temperature,
        MaxOutputTokens = Options.MaxTokens,
    };

    public static LanguageModel None(AiOptions options) => new(null, "none", options, null, new LogRedactor(options.Redaction));

    /// <summary>Wraps <paramref name="inner"/> in redaction (outermost), metrics and the budget (innermost).</summary>
    public static LanguageModel Create(IChatClient inner, string provider, AiOptions options, LogRedactor redactor, LogAnalyzerMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var budget = new TokenBudget(options, time);
        IChatClient client = new TokenBudgetChatClient(inner, budget, options, metrics);
        client = new MeteringChatClient(client, metrics, time);
        client = new RedactingChatClient(client, redactor);
        return new LanguageModel(client, provider, options, budget, redactor);
    }
}
