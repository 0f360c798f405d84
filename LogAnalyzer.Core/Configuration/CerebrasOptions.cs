namespace LogAnalyzer;

/// <summary>Settings of the Cerebras (OpenAI-compatible) language model (<c>LogAnalyzer:Cerebras</c>).</summary>
public sealed class CerebrasOptions
{
    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set: <c>CEREBRAS_API_KEY</c>.</summary>
    public const string ApiKeyEnvironmentVariable = "CEREBRAS_API_KEY";

    /// <summary>The API key. Default: the <c>CEREBRAS_API_KEY</c> environment variable; without one, built-in explanations are used.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The base URL of the OpenAI-compatible API. Default: <c>https://api.cerebras.ai/v1</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.cerebras.ai/v1");

    /// <summary>Whether an API key is configured, in the options or the environment.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable));
}
