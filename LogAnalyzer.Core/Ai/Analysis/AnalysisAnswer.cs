using System.Text.Json;
using LogAnalyzer.Ai.Chat;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Ai.Analysis;

/// <summary>
/// Reads the model's answer into analyses: only the ids that were asked about, every field capped, the severity
/// one of four words and the category one short word. Nothing in the answer is ever run or rendered unescaped.
/// </summary>
internal static class AnalysisAnswer
{
    private static readonly HashSet<string> Severities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

    public static bool TryRead(string? text, IReadOnlyList<PatternEvidence> asked, string? model, DateTimeOffset now, out List<PatternAnalysis> analyses, out string? error)
    {
        analyses = [];
        if (!StructuredOutput.TryParseObject(text, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!root.TryGetProperty("analyses", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                error = "the answer had no \"analyses\" array";
                return false;
            }

            var byId = asked.ToDictionary(e => e.Pattern.Id, StringComparer.Ordinal);
            foreach (var item in items.EnumerateArray())
            {
                var id = StructuredOutput.String(item, "patternId", 64);
                if (id is null || !byId.Remove(id, out var evidence))
                {
                    continue; // An id that was not asked about (or twice) is ignored, never stored.
                }

                var summary = StructuredOutput.String(item, "summary", 300);
                var rootCause = StructuredOutput.String(item, "rootCause", 1_000);
                var explanation = StructuredOutput.String(item, "explanation", 2_000);
                if (summary is not { Length: > 0 } || rootCause is null || explanation is null)
                {
                    continue;
                }

                var severity = StructuredOutput.String(item, "severity", 10)?.ToUpperInvariant();
                var category = StructuredOutput.String(item, "category", 40)?.ToLowerInvariant();
                analyses.Add(new PatternAnalysis(
                    id,
                    "ai",
                    model,
                    summary,
                    rootCause,
                    explanation,
                    severity is not null && Severities.Contains(severity) ? severity : "MEDIUM",
                    category is { Length: > 0 } && category.All(c => char.IsAsciiLetterLower(c) || c is '-' or '_') ? category : "other",
                    StructuredOutput.Strings(item, "suggestedFixes", 5, 300),
                    now,
                    evidence.Pattern.Count));
            }

            if (analyses.Count == 0)
            {
                error = "the answer held no usable analysis of the patterns asked about";
                return false;
            }

            return true;
        }
    }
}
