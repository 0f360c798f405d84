namespace LogAnalyzer.Storage.Sqlite;

/// <summary>What one batch adds to a pattern's row: counts, time span, and the template and sample to keep.</summary>
internal sealed class PatternTally(string template, string sample, DateTimeOffset firstSeen)
{
    public string Template { get; private set; } = template;

    public string Sample { get; } = sample;

    public DateTimeOffset FirstSeen { get; private set; } = firstSeen;

    public DateTimeOffset LastSeen { get; private set; } = firstSeen;

    public long Count { get; private set; }

    public long[] ByLevel { get; } = new long[6];

    public void Add(LogEntry entry)
    {
        Count++;
        ByLevel[(int)entry.Level]++;
        if (entry.Template is { } template)
        {
            Template = template;
        }

        FirstSeen = entry.Timestamp < FirstSeen ? entry.Timestamp : FirstSeen;
        LastSeen = entry.Timestamp > LastSeen ? entry.Timestamp : LastSeen;
    }
}
