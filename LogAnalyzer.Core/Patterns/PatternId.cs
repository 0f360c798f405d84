using System.Globalization;

namespace LogAnalyzer.Patterns;

/// <summary>
/// Ids derived from the template text only (64-bit FNV-1a over its UTF-16 code units), so a template has the same id
/// in every process and on every machine, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class PatternId
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static string For(string template)
    {
        var hash = Offset;
        foreach (var c in template)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
