namespace LogAnalyzer.Patterns;

[Flags]
internal enum TokenFlags : byte
{
    None = 0,

    /// <summary>Only punctuation (<c>-</c>, <c>****</c>, <c>|</c>): part of the format, never a variable.</summary>
    Punctuation = 1,

    /// <summary>The source token contains a digit: a likely variable that two distinct values already generalise.</summary>
    HasDigit = 2,
}
