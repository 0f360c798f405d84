namespace LogAnalyzer;

/// <summary>
/// The language model that explains patterns (<c>LogAnalyzer:Ai</c>): Cerebras' OpenAI-compatible API by default,
/// or any <c>IChatClient</c> given to <c>UseChatClient</c>. Without an API key (and without a client of the app's
/// own) LogAnalyzer uses built-in explanations and nothing fails.
/// </summary>
public sealed class AiOptions
{
    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set: <c>CEREBRAS_API_KEY</c>.</summary>
    public const string ApiKeyEnvironmentVariable = "CEREBRAS_API_KEY";

    /// <summary>The API key. Default: the <c>CEREBRAS_API_KEY</c> environment variable; without one, built-in explanations are used.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The base URL of the OpenAI-compatible API; requests go to <c>{BaseUrl}/chat/completions</c>. Default: <c>https://api.cerebras.ai/v1</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.cerebras.ai/v1");

    /// <summary>
    /// The model that analyses patterns. Default: <c>gpt-oss-120b</c>. (The seed used
    /// <c>llama-4-scout-17b-16e-instruct</c>, which Cerebras retired in November 2025.)
    /// </summary>
    public string Model { get; set; } = "gpt-oss-120b";

    /// <summary>The model that writes plain-language explanations and answers. Default: <see langword="null"/>, meaning <see cref="Model"/>.</summary>
    public string? ExplanationModel { get; set; }

    /// <summary>The sampling temperature. Default: 0.1 (as the seed), so analyses of the same evidence agree.</summary>
    public float Temperature { get; set; } = 0.1f;

    /// <summary>
    /// The most tokens one answer may use. Default: 2,000. Cerebras counts this limit, not the tokens used, against
    /// the rate limit when a request starts, so a large value uses the budget up sooner.
    /// </summary>
    public int MaxTokens { get; set; } = 2_000;

    /// <summary>How long one attempt may take before it is abandoned and retried. Default: 60 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a call may take in all, retries and waits included. Default: 3 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Tokens (prompt and answer) that may be used per minute. Default: 60,000 (inside Cerebras' free tier).</summary>
    public int TokensPerMinute { get; set; } = 60_000;

    /// <summary>Tokens (prompt and answer) that may be used per day (UTC). Default: 1,000,000 (inside Cerebras' free tier).</summary>
    public int TokensPerDay { get; set; } = 1_000_000;

    /// <summary>
    /// How often the analysis worker looks for patterns to explain (new, anomalous, or grown tenfold since their last
    /// analysis). Default: 2 minutes, as the seed. A new anomalous pattern starts a run within seconds.
    /// </summary>
    public TimeSpan AnalysisInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What is removed from log text before it is stored and before it is sent to the model.</summary>
    public RedactionOptions Redaction { get; set; } = new();

    /// <summary>Whether an API key is configured, in the options or the environment.</summary>
    public bool IsConfigured => ResolveApiKey() is not null;

    /// <summary>The model for explanations: <see cref="ExplanationModel"/>, else <see cref="Model"/>.</summary>
    internal string ExplanationModelOrDefault => string.IsNullOrWhiteSpace(ExplanationModel) ? Model : ExplanationModel;

    /// <summary>The key from the options, else from <c>CEREBRAS_API_KEY</c>; <see langword="null"/> when neither is set.</summary>
    internal string? ResolveApiKey()
    {
        var key = string.IsNullOrWhiteSpace(ApiKey) ? Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable) : ApiKey;
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }
}
