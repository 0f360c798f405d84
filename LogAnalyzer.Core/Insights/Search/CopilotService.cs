namespace LogAnalyzer.Insights;

/// <summary>
/// The copilot: a conversation kept in the store (the last <see cref="InsightOptions.MaxConversationTurns"/> turns,
/// forgotten after <see cref="InsightOptions.ConversationExpiry"/>), where every turn retrieves fresh evidence through
/// <see cref="SearchService"/>, and a follow-up that names no subject keeps the earlier question's.
/// </summary>
internal sealed class CopilotService(IInsightStore store, SearchService search, InsightOptions options, TimeProvider time)
{
    private const int DefaultHours = 24;

    public async Task<(string ConversationId, SearchResult Result)> ChatAsync(string? conversationId, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = conversationId ?? Guid.NewGuid().ToString("N");
        var turns = conversationId is null ? [] : (await store.GetConversationAsync(id, now - options.ConversationExpiry, cancellationToken)).ToList();
        var context = turns.LastOrDefault(t => t.Role == "user")?.Text;
        var result = await search.AskAsync(message, DefaultHours, turns, context, cancellationToken);
        turns.Add(new ConversationTurn("user", message, now));
        turns.Add(new ConversationTurn("assistant", Reply(result), now));
        await store.SaveConversationAsync(id, turns.TakeLast(options.MaxConversationTurns).ToList(), now, now - options.ConversationExpiry, cancellationToken);
        return (id, result);
    }

    /// <summary>The reply as one text: the answer, then the cause and the first fixes when the answer does not already hold them.</summary>
    public static string Reply(SearchResult result)
    {
        var reply = new System.Text.StringBuilder(result.Answer);
        if (result.Evidence.Matches > 0)
        {
            reply.Append("\nLikely cause: ").Append(result.RootCause).Append("\nImpact: ").Append(result.Impact);
            if (result.SuggestedFixes.Count > 0)
            {
                reply.Append("\nWhat to do: ").AppendJoin("; ", result.SuggestedFixes.Take(3));
            }
        }

        return reply.ToString();
    }
}
