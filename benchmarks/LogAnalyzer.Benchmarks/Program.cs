using BenchmarkDotNet.Running;
using LogAnalyzer.Benchmarks.Integrations;

namespace LogAnalyzer.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["burst"])
        {
            return BurstCommand.Run();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
