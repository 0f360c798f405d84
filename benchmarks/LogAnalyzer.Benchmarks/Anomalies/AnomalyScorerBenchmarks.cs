using BenchmarkDotNet.Attributes;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Benchmarks.Data;

namespace LogAnalyzer.Benchmarks.Anomalies;

/// <summary>The cost of scoring one seed-like entry (per-pattern and per-endpoint state warmed up).</summary>
[MemoryDiagnoser]
public class AnomalyScorerBenchmarks
{
    private const int Entries = 10_000;
    private LogEntry[] _entries = [];
    private string[] _patterns = [];
    private AnomalyScorer _scorer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _entries = SeedLikeEntries.Create(Entries);
        _patterns = _entries.Select(e => e.Level >= LogEntryLevel.Error ? "payment-timeout" : e.Endpoint!).ToArray();
        _scorer = new AnomalyScorer(new AnomalyOptions(), TimeProvider.System);
        Score();
    }

    [Benchmark(OperationsPerInvoke = Entries)]
    public void Score()
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            _scorer.Score(_entries[i], _patterns[i], isNewPattern: false);
        }
    }
}
