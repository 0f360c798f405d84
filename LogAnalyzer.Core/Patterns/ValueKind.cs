namespace LogAnalyzer.Patterns;

/// <summary>What a token is as a whole: nothing special, one value, or a path (which takes a final dot).</summary>
internal enum ValueKind
{
    None,
    Whole,
    Path,
}
