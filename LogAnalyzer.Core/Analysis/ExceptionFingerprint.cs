namespace LogAnalyzer.Analysis;

/// <summary>
/// Groups failures the way Sentry does: by the exception's type and the top frames of the application's own code,
/// ignoring the message (which carries ids and values) and framework frames (which every failure shares).
/// </summary>
internal static class ExceptionFingerprint
{
    private const int Frames = 3;
    private static readonly string[] FrameworkPrefixes = ["System.", "Microsoft.", "Serilog.", "LogAnalyzer.", "Polly.", "Npgsql.", "MongoDB."];

    /// <summary>The type and up to three application frames (method names without line numbers), one per line.</summary>
    public static string Of(string exception)
    {
        var lines = exception.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return string.Empty;
        }

        var first = lines[0];
        var colon = first.IndexOf(':', StringComparison.Ordinal);
        var parts = new List<string> { colon > 0 ? first[..colon] : first };
        foreach (var line in lines.Skip(1))
        {
            if (!line.StartsWith("at ", StringComparison.Ordinal))
            {
                continue;
            }

            // "at Shop.Payments.Gateway.Charge(Order order) in /src/Gateway.cs:line 42" → "Shop.Payments.Gateway.Charge"
            var frame = line[3..];
            var paren = frame.IndexOf('(', StringComparison.Ordinal);
            frame = paren > 0 ? frame[..paren] : frame;
            if (FrameworkPrefixes.Any(p => frame.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            parts.Add(frame);
            if (parts.Count > Frames)
            {
                break;
            }
        }

        return string.Join('\n', parts);
    }
}
