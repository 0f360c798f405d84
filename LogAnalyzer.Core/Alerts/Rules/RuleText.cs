using System.Globalization;

namespace LogAnalyzer.Alerts;

/// <summary>How rules put patterns and durations into titles.</summary>
internal static class RuleText
{
    public static string Shorten(string text, int max = 80) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    public static string Ago(TimeSpan age) => age.TotalMinutes < 1
        ? "less than a minute ago"
        : age.TotalHours < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} minutes ago")
            : string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0.#} hours ago");
}
