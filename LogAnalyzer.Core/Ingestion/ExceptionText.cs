namespace LogAnalyzer.Ingestion;

/// <summary>An exception's text for an entry, even when rendering it fails.</summary>
internal static class ExceptionText
{
    /// <summary>
    /// <see cref="Exception.ToString"/>; when that throws (an overridden member that fails, or a text too large to
    /// build, such as thousands of large inner exceptions), the type, message and stack trace each as far as they
    /// render, and a note of what failed, so the rest of the event is kept.
    /// </summary>
    public static string? Of(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        try
        {
            return exception.ToString();
        }
        catch (Exception failure)
        {
            // OutOfMemoryException included: a text over the runtime's string limit must cost the event its full
            // exception text, not the writer.
            var message = Part(() => exception.Message);
            var stack = Part(() => exception.StackTrace);
            return $"{exception.GetType().FullName}: {message} (the full exception text could not be rendered: {failure.GetType().Name}){Environment.NewLine}{stack}".TrimEnd();
        }
    }

    private static string Part(Func<string?> read)
    {
        try
        {
            var text = read() ?? string.Empty;
            return LogEntryClamp.Cut(text, 4096)!;
        }
        catch (Exception failure)
        {
            return $"({failure.GetType().Name})";
        }
    }
}
