using System.Globalization;
using System.Text.Json;

namespace LogAnalyzer.Ingestion;

/// <summary>Turns a logged property value into one the store keeps as it is.</summary>
internal static class PropertyValues
{
    /// <summary>
    /// How deep a property value may nest (a property holding an object is one level): the API refuses deeper values;
    /// the Serilog sink stores what lies deeper as <see langword="null"/>, and a deeper JSON value logged any other way
    /// is kept as its JSON text (<see cref="LogEntryClamp"/>).
    /// </summary>
    public const int MaxDepth = 16;

    /// <summary>Whether <paramref name="value"/> nests deeper than <see cref="MaxDepth"/>.</summary>
    public static bool TooDeep(JsonElement value) => Deeper(value, depth: 1);

    /// <summary>
    /// Keeps immutable scalars (strings, numbers, booleans, dates, GUIDs, enums, JSON); turns anything else into its
    /// string form now, on the caller's thread: the writer must not call into app objects later, when they may have
    /// changed or their <c>ToString</c> may log (and so loop) or throw.
    /// </summary>
    public static object? Normalize(object? value) => value switch
    {
        null or string or bool or int or long or double or float or decimal or short or ushort or byte or sbyte or uint or ulong => value,
        DateTimeOffset or DateTime or Guid or TimeSpan or Enum or JsonElement => value,
        char c => c.ToString(),
        _ => Text(value),
    };

    private static string? Text(object value)
    {
        try
        {
            return value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The app's ToString threw: keep the rest of the event.
            return $"({value.GetType().Name}: ToString threw {ex.GetType().Name})";
        }
    }

    /// <summary>Maps a Microsoft.Extensions.Logging or Serilog level number (0 = trace … 5 = critical) to a level.</summary>
    public static LogEntryLevel Level(int ordinal) => ordinal switch
    {
        <= 0 => LogEntryLevel.Trace,
        1 => LogEntryLevel.Debug,
        2 => LogEntryLevel.Information,
        3 => LogEntryLevel.Warning,
        4 => LogEntryLevel.Error,
        _ => LogEntryLevel.Critical,
    };

    private static bool Deeper(JsonElement value, int depth) => value.ValueKind switch
    {
        JsonValueKind.Object => depth > MaxDepth || value.EnumerateObject().Any(p => Deeper(p.Value, depth + 1)),
        JsonValueKind.Array => depth > MaxDepth || value.EnumerateArray().Any(e => Deeper(e, depth + 1)),
        _ => false,
    };
}
