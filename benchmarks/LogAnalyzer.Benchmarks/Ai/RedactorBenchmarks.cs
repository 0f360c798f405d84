using BenchmarkDotNet.Attributes;
using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Benchmarks.Data;
using LogAnalyzer.Benchmarks.Patterns;

namespace LogAnalyzer.Benchmarks.Ai;

/// <summary>
/// The cost of redacting one message before it is stored: seed-like messages (few secrets) and Loghub-like
/// messages (IP addresses, paths, numbers), per message.
/// </summary>
[MemoryDiagnoser]
public class RedactorBenchmarks
{
    private const int Messages = 10_000;
    private readonly LogRedactor _redactor = new(new RedactionOptions());
    private string[] _seedLike = [];
    private string[] _loghubLike = [];

    [GlobalSetup]
    public void Setup()
    {
        _seedLike = SeedLikeEntries.Create(Messages).Select(e => e.Message).ToArray();
        _loghubLike = LoghubLikeMessages.Create(Messages);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int Redact_SeedLike() => Run(_seedLike);

    [Benchmark(OperationsPerInvoke = Messages)]
    public int Redact_LoghubLike() => Run(_loghubLike);

    private int Run(string[] messages)
    {
        var length = 0;
        foreach (var message in messages)
        {
            length += _redactor.Redact(message).Length;
        }

        return length;
    }
}
