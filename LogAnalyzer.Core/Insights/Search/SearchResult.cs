namespace LogAnalyzer.Insights;

/// <summary>The answer to a natural-language question, grounded in the evidence it was built from.</summary>
/// <param name="Answer">The answer in a few sentences.</param>
/// <param name="RootCause">The most likely cause.</param>
/// <param name="Impact">Users affected and the estimated revenue loss, in words.</param>
/// <param name="SuggestedFixes">What to do.</param>
/// <param name="RelevantLogs">The entries the answer rests on, newest first.</param>
/// <param name="CitedLogIds">The ids of the entries the answer cites.</param>
/// <param name="Evidence">What the store found.</param>
/// <param name="Intent">How the question was understood.</param>
/// <param name="Source"><c>ai</c> when a language model wrote the answer, <c>builtin</c> otherwise.</param>
/// <param name="ModelError">Why the language model's answer was not used, when it was asked and failed.</param>
internal sealed record SearchResult(
    string Answer,
    string RootCause,
    string Impact,
    IReadOnlyList<string> SuggestedFixes,
    IReadOnlyList<LogEntry> RelevantLogs,
    IReadOnlyList<long> CitedLogIds,
    SearchEvidence Evidence,
    SearchIntent Intent,
    string Source,
    string? ModelError);
