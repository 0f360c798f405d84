using LogAnalyzer.Ai;
using LogAnalyzer.Impact;
using Microsoft.Extensions.AI;

namespace LogAnalyzer.Insights;

/// <summary>
/// Answers natural-language questions about the logs: understands the question (the deterministic parser), gathers
/// the evidence from the store, explains its patterns, and lets the language model answer from that evidence when
/// one is configured; without one, or when its answer cannot be used, the answer is built from the evidence.
/// </summary>
internal sealed class SearchService(IInsightStore store, PatternExplanations explanations, LanguageModel model, LogAnalyzerOptions options, TimeProvider time)
{
    private const int RecentLogs = 20;
    private readonly RevenueModel _revenue = new(options.Revenue);

    public async Task<SearchResult> AskAsync(string question, int hours, IReadOnlyList<ConversationTurn> history, string? context, CancellationToken cancellationToken)
    {
        var vocabulary = await store.GetVocabularyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var intent = SearchQueryParser.Parse(question, hours, now, vocabulary);
        if (!intent.IsSpecific && context is not null)
        {
            // A follow-up ("and yesterday?") keeps the subject of the conversation's earlier question.
            var earlier = SearchQueryParser.Parse(context, hours, now, vocabulary);
            var range = SearchQueryParser.Range(question, hours, now);
            intent = earlier with
            {
                Filter = earlier.Filter with { From = range.From, To = range.To },
                RangeText = range.Text,
            };
        }

        var evidence = await store.SearchAsync(intent.Filter, RecentLogs, cancellationToken);
        var analyses = await explanations.ExplainAsync(evidence.Patterns.Select(p => p.PatternId).ToList(), cancellationToken);
        var grounded = EvidenceAnswer.Compose(intent, evidence, analyses, _revenue);
        if (!model.IsConfigured || evidence.Matches == 0)
        {
            return grounded;
        }

        try
        {
            var chatOptions = new ChatOptions
            {
                ModelId = model.Options.Model,
                ResponseFormat = SearchPrompt.Format,
                Temperature = model.Options.Temperature,
                MaxOutputTokens = model.Options.MaxTokens,
            };
            var response = await model.Client!.GetResponseAsync(
                SearchPrompt.Build(question, history, intent, evidence, analyses, _revenue, model.Redactor), chatOptions, cancellationToken);
            return SearchPrompt.TryRead(response.Text, grounded, out var answered, out var error)
                ? answered
                : grounded with { ModelError = $"the model's answer could not be used: {error}" };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The model is down, slow, out of budget or refused the key: the evidence still answers.
            return grounded with { ModelError = ex.Message };
        }
    }
}
