using System.Collections.Concurrent;
using LogAnalyzer.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Patterns;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Pipeline;

/// <summary>The real analyzer (miner and scorer), recording what the pipeline hands it.</summary>
internal sealed class RecordingAnalyzer(TimeProvider time) : IEntryAnalyzer
{
    private readonly EntryAnalyzer _inner = new(new TemplateMiner(new PatternOptions()), new AnomalyScorer(new AnomalyOptions(), time));
    private int _calls;

    /// <summary>The message of every entry analysed, in order.</summary>
    public ConcurrentQueue<string> Analysed { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public void Analyze(IReadOnlyList<LogEntry> entries, int start, List<PatternMerge> merges)
    {
        Interlocked.Increment(ref _calls);
        for (var i = start; i < entries.Count; i++)
        {
            Analysed.Enqueue(entries[i].Message);
        }

        _inner.Analyze(entries, start, merges);
    }
}
