using LogAnalyzer.Ai.Chat;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Ai.Analysis;

/// <summary>
/// One analysis run: finds the patterns that need an explanation (new, anomalous, or grown tenfold), gathers their
/// evidence, asks the language model about those that matter (warnings, failures, anomalies) a few per call, and
/// explains the rest — and all of them when no model is configured — with the built-in explainer. An answer that
/// cannot be used is asked for once more, then recorded as a failure with the reason (and a built-in explanation).
/// A spent token budget or an unavailable model ends the run; those patterns are tried again next time.
/// </summary>
internal sealed partial class PatternAnalyzer(IPatternAnalysisStore store, LanguageModel model, TimeProvider time, ILogger<PatternAnalyzer> logger)
{
    /// <summary>The most patterns one run looks at.</summary>
    public const int PatternsPerRun = 25;

    /// <summary>Patterns asked about in one call.</summary>
    public const int PatternsPerCall = 5;

    /// <summary>Distinct recent messages shown per pattern.</summary>
    public const int SamplesPerPattern = 5;

    public async Task<AnalysisRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        // What the HTTP stack and the resilience handler log about our calls to the model must not be ingested:
        // every analysis would otherwise create log patterns of its own.
        using var selfLog = SelfLogSuppression.Enter();
        var now = time.GetUtcNow();
        var candidates = await store.FindPatternsToAnalyseAsync(now.AddHours(-1), model.IsConfigured, PatternsPerRun, cancellationToken);
        var forModel = new List<PatternEvidence>();
        var builtIn = new List<PatternAnalysis>();
        foreach (var candidate in candidates)
        {
            var evidence = await store.GetEvidenceAsync(candidate.Pattern, now, SamplesPerPattern, cancellationToken);
            if (model.IsConfigured && (candidate.Anomalous || Matters(candidate.Pattern)))
            {
                forModel.Add(evidence);
            }
            else
            {
                builtIn.Add(BuiltInExplainer.Explain(evidence, now));
            }
        }

        if (builtIn.Count > 0)
        {
            await store.SaveAnalysesAsync(builtIn, cancellationToken);
        }

        var run = new AnalysisRun(candidates.Count, builtIn.Count);
        var processed = 0;
        foreach (var chunk in forModel.Chunk(PatternsPerCall))
        {
            try
            {
                var analyses = await AskAsync(chunk, now, run, cancellationToken);
                await store.SaveAnalysesAsync(analyses, cancellationToken);
                processed += chunk.Length;
            }
            catch (TokenBudgetExceededException ex)
            {
                run.Deferred += forModel.Count - processed;
                LogBudgetSpent(logger, ex.Window, ex.RetryAfter);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The API is down, the circuit open, the key rejected: nothing is recorded, so the next run tries again.
                run.Deferred += forModel.Count - processed;
                LogModelUnavailable(logger, ex, ex.Message);
                break;
            }
        }

        return run;
    }

    /// <summary>Warnings and failures are worth the model's time; routine events get the built-in explanation.</summary>
    private static bool Matters(PatternSummary pattern) =>
        pattern.CountByLevel.Keys.Any(level => level >= LogEntryLevel.Warning);

    private async Task<List<PatternAnalysis>> AskAsync(PatternEvidence[] chunk, DateTimeOffset now, AnalysisRun run, CancellationToken cancellationToken)
    {
        var messages = AnalysisPrompt.Build(chunk, model.Redactor);
        var options = model.StructuredCall(AnalysisPrompt.Format);
        string? error = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var response = await model.Client!.GetResponseAsync(messages, options, cancellationToken);
            run.Calls++;
            if (attempt == 0)
            {
                run.Asked += chunk.Length;
            }

            if (response.FinishReason == ChatFinishReason.Length)
            {
                // Cut at the token limit (reasoning models spend part of it thinking): ask again with more room.
                error = $"the answer was cut at the limit of {options.MaxOutputTokens} tokens (LogAnalyzer:Ai:MaxTokens)";
                options.MaxOutputTokens *= 2;
                LogAnswerUnusable(logger, attempt + 1, error);
                continue;
            }

            if (AnalysisAnswer.TryRead(response.Text, chunk, response.ModelId ?? options.ModelId, now, out var analyses, out error))
            {
                if (model.Options.ExplanationModelOrDefault != model.Options.Model)
                {
                    analyses = await ExplainAsync(analyses, chunk, cancellationToken);
                }

                var answered = analyses.Select(a => a.PatternId).ToHashSet(StringComparer.Ordinal);
                analyses.AddRange(chunk
                    .Where(e => !answered.Contains(e.Pattern.Id))
                    .Select(e => BuiltInExplainer.Explain(e, now, "the model's answer did not cover this pattern")));
                run.Analysed += answered.Count;
                return analyses;
            }

            LogAnswerUnusable(logger, attempt + 1, error!);
        }

        run.Failed += chunk.Length;
        return chunk.Select(e => BuiltInExplainer.Explain(e, now, $"the model's answer could not be used: {error}")).ToList();
    }

    /// <summary>Lets the explanation model rewrite the explanations; on any failure the analysis model's stay.</summary>
    private async Task<List<PatternAnalysis>> ExplainAsync(List<PatternAnalysis> analyses, PatternEvidence[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            var options = model.StructuredCall(ExplanationPrompt.Format, model.Options.ExplanationModelOrDefault);
            var response = await model.Client!.GetResponseAsync(ExplanationPrompt.Build(analyses, chunk, model.Redactor), options, cancellationToken);
            var explanations = ExplanationPrompt.Read(response.Text, analyses);
            return analyses
                .Select(a => explanations.TryGetValue(a.PatternId, out var story) ? a with { Explanation = story, Model = $"{a.Model} + {options.ModelId}" } : a)
                .ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogExplanationFailed(logger, ex, model.Options.ExplanationModelOrDefault);
            return analyses;
        }
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "The explanation model {Model} could not rewrite the explanations; the analysis model's are kept.")]
    private static partial void LogExplanationFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "The language model's token budget for this {Window} is spent; analysis resumes in {RetryAfter}.")]
    private static partial void LogBudgetSpent(ILogger logger, string window, TimeSpan retryAfter);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The language model is not available; patterns are analysed on the next run: {Reason}")]
    private static partial void LogModelUnavailable(ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The language model's answer could not be used (attempt {Attempt}): {Error}")]
    private static partial void LogAnswerUnusable(ILogger logger, int attempt, string error);
}

/// <summary>What one analysis run did.</summary>
internal sealed class AnalysisRun(int candidates, int builtIn)
{
    /// <summary>Patterns that needed an analysis.</summary>
    public int Candidates { get; } = candidates;

    /// <summary>Patterns explained by the built-in explainer (routine, or no model).</summary>
    public int BuiltIn { get; } = builtIn;

    /// <summary>Patterns sent to the model.</summary>
    public int Asked { get; set; }

    /// <summary>Patterns the model analysed.</summary>
    public int Analysed { get; set; }

    /// <summary>Patterns whose answers could not be used after a second try.</summary>
    public int Failed { get; set; }

    /// <summary>Patterns left for the next run (budget spent or model unavailable).</summary>
    public int Deferred { get; set; }

    /// <summary>Calls made to the model.</summary>
    public int Calls { get; set; }
}
