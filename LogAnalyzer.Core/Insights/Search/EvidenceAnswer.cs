using System.Globalization;
using LogAnalyzer.Impact;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Insights;

/// <summary>
/// The answer built from the evidence alone (no language model, or when its answer cannot be used): counts, the
/// dominant pattern, where it happens, what explains it, who is affected, and the patterns' causes and fixes.
/// </summary>
internal static class EvidenceAnswer
{
    public static SearchResult Compose(SearchIntent intent, SearchEvidence evidence, IReadOnlyDictionary<string, PatternAnalysis> analyses, RevenueModel revenue, string? modelError = null)
    {
        var c = CultureInfo.InvariantCulture;
        if (evidence.Matches == 0)
        {
            var answer = $"No {intent.Describe()}." + (intent.IsSpecific ? $" Nothing matched {Filters(intent)}." : string.Empty);
            return new SearchResult(answer, "unknown: there is no matching entry to explain", "No users affected.", [], [], [], evidence, intent, "builtin", modelError);
        }

        var top = evidence.Patterns.Count > 0 ? evidence.Patterns[0] : null;
        var text = new System.Text.StringBuilder()
            .Append(c, $"{evidence.Matches:N0} {intent.Describe()}");
        if (top is not null)
        {
            text.Append(c, $", {Percent((double)top.Count / evidence.Matches)} of them \"{Shorten(top.Template)}\"");
        }

        if (evidence.Impact.Endpoints.Count > 0)
        {
            text.Append(c, $", mostly on {evidence.Impact.Endpoints[0].Endpoint}");
        }

        if (evidence.Impact.ErrorCodes.Count > 0)
        {
            text.Append(c, $" ({evidence.Impact.ErrorCodes[0]})");
        }

        text.Append('.');
        foreach (var over in evidence.OverRepresented.Where(o => o.Dimension is "city" or "service" or "endpoint").Take(2))
        {
            text.Append(c, $" {Dimension(over.Dimension)} {over.Value} accounts for {Percent(over.ShareOfMatches)} of them against {Percent(over.ShareOfTraffic)} of all traffic.");
        }

        var topAnalysis = top is null ? null : analyses.GetValueOrDefault(top.PatternId);
        var fixes = evidence.Patterns
            .Select(p => analyses.GetValueOrDefault(p.PatternId))
            .OfType<PatternAnalysis>()
            .SelectMany(a => a.SuggestedFixes)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(5)
            .ToList();
        return new SearchResult(
            text.ToString(),
            topAnalysis?.RootCause ?? "unknown: the dominant pattern has no analysis yet",
            ImpactText(evidence.Impact, revenue),
            fixes,
            evidence.RecentLogs,
            [],
            evidence,
            intent,
            "builtin",
            modelError);
    }

    /// <summary>"47 users affected, estimated $2,350.00 revenue loss" (the seed's impact line).</summary>
    public static string ImpactText(FailureImpact impact, RevenueModel revenue)
    {
        var loss = revenue.Estimate(impact);
        var users = string.Create(CultureInfo.InvariantCulture, $"{impact.AffectedUsers:N0} users affected ({impact.AffectedSessions:N0} sessions)");
        return loss > 0 ? $"{users}, estimated {revenue.Format(loss)} revenue loss" : users;
    }

    private static string Filters(SearchIntent intent)
    {
        var f = intent.Filter;
        var parts = new List<string>();
        if (f.EndpointTerms.Count > 0)
        {
            parts.Add($"endpoints containing {string.Join(" or ", f.EndpointTerms)}");
        }

        if (f.ErrorCodeTerms.Count > 0)
        {
            parts.Add($"error codes containing {string.Join(" or ", f.ErrorCodeTerms)}");
        }

        return parts.Count == 0 ? "the question's filters" : string.Join(" / ", parts);
    }

    private static string Dimension(string dimension) => dimension switch
    {
        "city" => "City",
        "service" => "Service",
        "endpoint" => "Endpoint",
        _ => "Error code",
    };

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0}%");

    private static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 99), "…");
}
