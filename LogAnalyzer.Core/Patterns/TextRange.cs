namespace LogAnalyzer.Patterns;

/// <summary>Characters [Start, End) of a message.</summary>
internal readonly record struct TextRange(int Start, int End)
{
    public int Length => End - Start;
}
