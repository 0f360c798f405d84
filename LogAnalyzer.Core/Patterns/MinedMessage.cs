namespace LogAnalyzer.Patterns;

/// <summary>What the miner made of one message: its pattern, the template and the values of the template's variables.</summary>
/// <param name="PatternId">The stable id of the pattern (16 hex digits derived from the template text).</param>
/// <param name="Template">The template, tokens separated by one space, variables written <c>&lt;*&gt;</c>.</param>
/// <param name="Parameters">The text of each variable, in order.</param>
internal readonly record struct MinedMessage(string PatternId, string Template, IReadOnlyList<string> Parameters);
