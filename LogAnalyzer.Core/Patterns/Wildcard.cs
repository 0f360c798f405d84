namespace LogAnalyzer.Patterns;

internal static class Wildcard
{
    public const string Text = "<*>";
}
