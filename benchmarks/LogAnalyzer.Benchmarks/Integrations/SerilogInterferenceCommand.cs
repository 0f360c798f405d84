using System.Diagnostics;
using System.Globalization;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage.Sqlite;
using LogAnalyzer.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Core;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// <c>serilog-interference</c>: what a thread busy on the machine's other core costs a logging call. The same Serilog
/// <c>Information</c> event as <see cref="SerilogSinkBenchmarks"/>, 2,000,000 calls per measurement, seven rounds,
/// medians, with the share of it the process spent paused for garbage collection: the Seq sink with its server down
/// and our sink with its writer paused (both do no background work), each with the other core idle and with it running
/// a thread of pure arithmetic (no memory traffic, no locks, no allocation); and our sink with its writer storing, the
/// one case in which the sink's own background work runs.
/// </summary>
internal static class SerilogInterferenceCommand
{
    private const int Calls = 2_000_000;
    private const int Rounds = 7;

    public static int Run()
    {
        using var folder = new TempDirectory();
        var options = Options.Create(new LogAnalyzerOptions { Sqlite = { Path = folder.File("paused.db") } });
        var paused = new LogPipeline(new SqliteLogStore(options), options, TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<LogPipeline>.Instance);
        using var engine = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = folder.File("bench.db") } });
        using var seq = new LoggerConfiguration().WriteTo.Seq("http://127.0.0.1:1").CreateLogger();
        using var oursPaused = new LoggerConfiguration().WriteTo.LogAnalyzer(paused).CreateLogger();
        using var ours = new LoggerConfiguration().WriteTo.LogAnalyzer(engine.Pipeline).CreateLogger();
        var cells = new Dictionary<string, List<(double Ns, double PauseNs)>>();
        void Record(string cell, (double, double) measured) => (cells.TryGetValue(cell, out var list) ? list : cells[cell] = []).Add(measured);

        for (var round = 0; round < Rounds; round++)
        {
            Record("seq idle", Measure(seq));
            Record("paused idle", Measure(oursPaused));
            Record("ours storing", Measure(ours));
            using (new BusyCore())
            {
                Record("seq busy", Measure(seq));
                Record("paused busy", Measure(oursPaused));
            }
        }

        double Median(string cell) => cells[cell].Select(m => m.Ns).Order().ElementAt(Rounds / 2);
        double Pause(string cell) => cells[cell].Select(m => m.PauseNs).Order().ElementAt(Rounds / 2);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine("| per call, medians of 7 × 2,000,000 calls | ns | of which GC pauses, ns | ratio to the Seq sink, other core idle |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (cell, name) in new[]
        {
            ("seq idle", "Seq sink, server down; other core idle"),
            ("seq busy", "Seq sink, server down; other core running arithmetic"),
            ("paused idle", "LogAnalyzer sink, writer paused; other core idle"),
            ("paused busy", "LogAnalyzer sink, writer paused; other core running arithmetic"),
            ("ours storing", "LogAnalyzer sink, writer storing on the other core"),
        })
        {
            Console.WriteLine(string.Create(c, $"| {name} | {Median(cell):0} | {Pause(cell):0} | {Median(cell) / Median("seq idle"):0.00} |"));
        }

        paused.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>Nanoseconds per call, and of them the time the process spent paused for garbage collection.</summary>
    private static (double Ns, double PauseNs) Measure(Logger logger)
    {
        var pause = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            logger.Information("Order {OrderId} placed by {UserId} for {Amount}", i, "user_123", 99.5);
        }

        var paused = GC.GetTotalPauseDuration() - pause;
        return (clock.Elapsed.TotalMilliseconds * 1e6 / Calls, paused.TotalMilliseconds * 1e6 / Calls);
    }

    /// <summary>A thread doing floating-point arithmetic in registers until disposed.</summary>
    private sealed class BusyCore : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public BusyCore()
        {
            _thread = new Thread(Spin) { IsBackground = true };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private void Spin()
        {
            var x = 1.0;
            while (!_stop)
            {
                for (var i = 0; i < 1000; i++)
                {
                    x = (x * 1.0000001) + 0.5;
                }
            }

            GC.KeepAlive(x);
        }
    }
}
