using LogAnalyzer.Diagnostics;
using Microsoft.Extensions.AI;

namespace LogAnalyzer.Ai.Chat;

/// <summary>
/// Keeps calls within the <see cref="TokenBudget"/>: a call that would overspend is not made and fails fast with
/// <see cref="TokenBudgetExceededException"/> (counted on the meter), which callers treat as "later", not as an error.
/// </summary>
internal sealed class TokenBudgetChatClient(IChatClient inner, TokenBudget budget, AiOptions defaults, LogAnalyzerMetrics metrics) : DelegatingChatClient(inner)
{
    /// <summary>Characters per token assumed for the estimate: a cautious figure for English and log text.</summary>
    private const int CharactersPerToken = 3;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var reserved = Reserve(list, options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken);
        }
        catch
        {
            // No answer, no usage reported: what the provider billed for a failed call is unknown, and keeping the
            // whole reservation would spend the day's budget on an outage.
            budget.Settle(reserved, 0);
            throw;
        }

        budget.Settle(reserved, response.Usage?.TotalTokenCount ?? reserved);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var reserved = Reserve(list, options);
        long? used = null;
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent { Details.TotalTokenCount: { } total })
                {
                    used = total;
                }
            }

            yield return update;
        }

        budget.Settle(reserved, used ?? reserved);
    }

    private long Reserve(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long characters = 0;
        foreach (var message in messages)
        {
            characters += message.Text.Length;
        }

        var tokens = (characters / CharactersPerToken) + (options?.MaxOutputTokens ?? defaults.MaxTokens);
        if (!budget.TryReserve(tokens, out var window, out var retryAfter))
        {
            metrics.AiBudgetSkipped(window!);
            throw new TokenBudgetExceededException(window!, retryAfter);
        }

        return tokens;
    }
}

/// <summary>A call was not made: it would have spent more tokens than the minute's or the day's budget has left.</summary>
internal sealed class TokenBudgetExceededException(string window, TimeSpan retryAfter)
    : Exception($"The language model's token budget for this {window} is spent; the call can be made again in {retryAfter:g}.")
{
    /// <summary>The window that is spent: <c>minute</c> or <c>day</c>.</summary>
    public string Window { get; } = window;

    /// <summary>When that window starts again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
