using LogAnalyzer.Ai;
using LogAnalyzer.Impact;

namespace LogAnalyzer.Insights;

/// <summary>
/// Answers natural-language questions about the logs: understands the question (the language model when one is
/// configured, checked against the store's vocabulary; the deterministic parser otherwise or when the model fails),
/// gathers the evidence from the store, explains its patterns, and lets the model answer from that evidence; without
/// one, or when its answer cannot be used, the answer is built from the evidence.
/// </summary>
internal sealed class SearchService(IInsightStore store, PatternExplanations explanations, LanguageModel model, LogAnalyzerOptions options, TimeProvider time)
{
    private const int RecentLogs = 20;
    private readonly RevenueModel _revenue = new(options.Revenue);

    /// <summary>The model's reading of the question; the parser's, with the reason, when the model cannot give one.</summary>
    private async Task<(SearchIntent Intent, string? Error)> UnderstandAsync(string question, SearchVocabulary vocabulary, SearchIntent parsed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var chatOptions = model.StructuredCall(SearchIntentPrompt.Format, temperature: 0);
            var response = await model.Client!.GetResponseAsync(SearchIntentPrompt.Build(question, vocabulary, model.Redactor), chatOptions, cancellationToken);
            return SearchIntentPrompt.TryRead(response.Text, question, vocabulary, parsed, now, out var intent, out var error)
                ? (intent, null)
                : (parsed, $"the model's reading of the question could not be used: {error}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (parsed, ex.Message);
        }
    }

    public async Task<SearchResult> AskAsync(string question, int hours, IReadOnlyList<ConversationTurn> history, string? context, CancellationToken cancellationToken)
    {
        var vocabulary = await store.GetVocabularyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var intent = SearchQueryParser.Parse(question, hours, now, vocabulary);
        var asked = question;
        if (!intent.IsSpecific && context is not null)
        {
            asked = $"{context}\nFollow-up: {question}";
            // A follow-up ("and yesterday?") keeps the subject of the conversation's earlier question.
            var earlier = SearchQueryParser.Parse(context, hours, now, vocabulary);
            var range = SearchQueryParser.Range(question, hours, now);
            intent = earlier with
            {
                Filter = earlier.Filter with { From = range.From, To = range.To },
                RangeText = range.Text,
            };
        }

        string? understandingError = null;
        if (model.IsConfigured)
        {
            (intent, understandingError) = await UnderstandAsync(asked, vocabulary, intent, now, cancellationToken);
        }

        var evidence = await store.SearchAsync(intent.Filter, RecentLogs, cancellationToken);
        var analyses = await explanations.ExplainAsync(evidence.Patterns.Select(p => p.PatternId).ToList(), cancellationToken);
        var grounded = EvidenceAnswer.Compose(intent, evidence, analyses, _revenue, understandingError);
        if (!model.IsConfigured || evidence.Matches == 0)
        {
            return grounded;
        }

        try
        {
            var chatOptions = model.StructuredCall(SearchPrompt.Format);
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
