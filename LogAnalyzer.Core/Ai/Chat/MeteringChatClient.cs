using LogAnalyzer.Diagnostics;
using Microsoft.Extensions.AI;

namespace LogAnalyzer.Ai.Chat;

/// <summary>Records every call's outcome, duration and token usage on the <c>LogAnalyzer</c> meter.</summary>
internal sealed class MeteringChatClient(IChatClient inner, LogAnalyzerMetrics metrics, TimeProvider time) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            metrics.AiCall("success", response.ModelId ?? options?.ModelId, time.GetElapsedTime(started));
            if (response.Usage is { } usage)
            {
                metrics.AiTokens(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, response.ModelId ?? options?.ModelId);
            }

            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.AiCall(ex is TokenBudgetExceededException ? "over_budget" : "failure", options?.ModelId, time.GetElapsedTime(started));
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        string? model = options?.ModelId;
        UsageDetails? usage = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            model = update.ModelId ?? model;
            foreach (var content in update.Contents)
            {
                if (content is UsageContent usageContent)
                {
                    usage = usageContent.Details;
                }
            }

            yield return update;
        }

        metrics.AiCall("success", model, time.GetElapsedTime(started));
        if (usage is not null)
        {
            metrics.AiTokens(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, model);
        }
    }
}
