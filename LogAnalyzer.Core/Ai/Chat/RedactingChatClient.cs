using LogAnalyzer.Ai.Redaction;
using Microsoft.Extensions.AI;

namespace LogAnalyzer.Ai.Chat;

/// <summary>
/// Removes secrets and personal data from every message before it leaves the process, whatever the model behind:
/// log text can carry tokens and addresses the app never meant to share with a third party.
/// </summary>
internal sealed class RedactingChatClient(IChatClient inner, LogRedactor redactor) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Redact(messages), options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Redact(messages), options, cancellationToken);

    private List<ChatMessage> Redact(IEnumerable<ChatMessage> messages) =>
        messages.Select(m => new ChatMessage(m.Role, redactor.Redact(m.Text)) { AuthorName = m.AuthorName }).ToList();
}
