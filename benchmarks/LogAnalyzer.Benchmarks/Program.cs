using BenchmarkDotNet.Running;
using LogAnalyzer.Benchmarks.Integrations;
using LogAnalyzer.Benchmarks.Loghub;

namespace LogAnalyzer.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["llm-economy"])
        {
            return Ai.LlmEconomyCommand.Run();
        }

        if (args.Length > 0 && args[0] == "insights")
        {
            return Insights.InsightLatencyCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "redis-queue")
        {
            return Queue.RedisQueueCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "serilog-interference")
        {
            return SerilogInterferenceCommand.Run(args[1..]);
        }

        if (args is ["burst"])
        {
            return BurstCommand.Run();
        }

        if (args.Length > 0 && args[0] == "loghub")
        {
            return LoghubCommand.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
