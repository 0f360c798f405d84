namespace LogAnalyzer.Insights;

/// <summary>What a question asks for: the filter, and the words to say it back ("payment errors in the last 24 h").</summary>
/// <param name="Filter">The entries it selects.</param>
/// <param name="Topic">The feature it is about, such as <c>payment</c>; empty when none.</param>
/// <param name="LevelWord">errors, critical errors, warnings, or problems (warnings and errors).</param>
/// <param name="RangeText">The range in words: "the last 24 h", "today".</param>
/// <param name="UnderstoodBy"><c>parser</c> or <c>model</c>.</param>
internal sealed record SearchIntent(SearchFilter Filter, string Topic, string LevelWord, string RangeText, string UnderstoodBy)
{
    /// <summary>Whether the question named anything beyond a time range and levels.</summary>
    public bool IsSpecific => Topic.Length > 0 || Filter.EndpointTerms.Count > 0 || Filter.ErrorCodeTerms.Count > 0
        || Filter.UserIds.Count > 0 || Filter.SessionIds.Count > 0 || Filter.Cities.Count > 0 || Filter.Words.Count > 0;

    /// <summary>"payment errors in the last 24 h".</summary>
    public string Describe() => $"{(Topic.Length > 0 ? Topic + " " : string.Empty)}{LevelWord}{Scope()} in {RangeText}";

    private string Scope()
    {
        var parts = new List<string>();
        if (Filter.UserIds.Count > 0)
        {
            parts.Add($"of {string.Join(", ", Filter.UserIds)}");
        }

        if (Filter.Cities.Count > 0)
        {
            parts.Add($"in {string.Join(", ", Filter.Cities)}");
        }

        if (Filter.Words.Count > 0)
        {
            parts.Add($"mentioning {string.Join(" or ", Filter.Words.Select(w => $"\"{w}\""))}");
        }

        return parts.Count == 0 ? string.Empty : " " + string.Join(" ", parts);
    }
}
