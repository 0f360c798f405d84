namespace LogAnalyzer.Ai.Chat;

/// <summary>
/// The language model refused a request for a reason a retry cannot fix — a rejected key, an unknown model, a
/// request it cannot serve — with a message that says what to change.
/// </summary>
internal sealed class LanguageModelException(string message, int? statusCode = null) : Exception(message)
{
    /// <summary>The HTTP status the API answered, when there was one.</summary>
    public int? StatusCode { get; } = statusCode;
}
