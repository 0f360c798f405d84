namespace LogAnalyzer.Patterns;

/// <summary>A pattern as persisted and restored.</summary>
/// <param name="Id">The stable id (derived from <paramref name="Template"/>).</param>
/// <param name="Template">The template, tokens separated by one space, variables written <c>&lt;*&gt;</c>.</param>
/// <param name="Count">Messages mined into the pattern (including those of the patterns merged into it).</param>
/// <param name="MergedIds">Ids of earlier patterns that now resolve to this one, so ids stored before a restart still resolve.</param>
internal sealed record MinedPattern(string Id, string Template, long Count, IReadOnlyList<string> MergedIds)
{
    /// <summary>The number of tokens of <see cref="Template"/>.</summary>
    public int TokenCount => Template.Length == 0 ? 0 : Template.AsSpan().Count(' ') + 1;
}
