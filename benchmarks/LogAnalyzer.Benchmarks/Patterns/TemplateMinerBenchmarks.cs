using BenchmarkDotNet.Attributes;
using LogAnalyzer.Patterns;

namespace LogAnalyzer.Benchmarks.Patterns;

/// <summary>
/// What mining costs per message on one thread, over a mixed Loghub-like stream.
/// <see cref="Mine_KnownPatterns"/>: a miner that has seen the stream before (the steady state of a running app).
/// <see cref="Mine_FreshMiner"/>: a new miner for every 2,000 messages, so patterns are created and generalised too.
/// </summary>
[MemoryDiagnoser]
public class TemplateMinerBenchmarks
{
    private const int StreamLength = 2_000;

    private string[] _messages = null!;
    private TemplateMiner _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _messages = LoghubLikeMessages.Create(StreamLength);
        _warm = new TemplateMiner(new PatternOptions());
        foreach (var message in LoghubLikeMessages.Create(StreamLength, seed: 7))
        {
            _warm.Mine(message);
        }
    }

    [Benchmark(OperationsPerInvoke = StreamLength)]
    public int Mine_KnownPatterns() => MineAll(_warm);

    [Benchmark(OperationsPerInvoke = StreamLength)]
    public int Mine_FreshMiner() => MineAll(new TemplateMiner(new PatternOptions()));

    private int MineAll(TemplateMiner miner)
    {
        var parameters = 0;
        foreach (var message in _messages)
        {
            parameters += miner.Mine(message).Parameters.Count;
        }

        return parameters;
    }
}
