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
/// (its loop only retries, with backoff) and our sink with its writer paused, each with the other core idle and with it
/// running a thread of pure arithmetic (no memory traffic, no locks, no allocation); and our sink with its writer
/// storing, the one case in which the sink's own background work runs (it finishes before the next round starts).
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
        var cells = new Dictionary<string, List<Measurement>>();
        void Record(string cell, Measurement measured) => (cells.TryGetValue(cell, out var list) ? list : cells[cell] = []).Add(measured);

        for (var round = 0; round < Rounds; round++)
        {
            Record("seq idle", Measure(seq));
            Record("paused idle", Measure(oursPaused));
            using (new BusyCore())
            {
                Record("seq busy", Measure(seq));
                Record("paused busy", Measure(oursPaused));
            }

            Record("ours storing", Measure(ours));

            // The writer finishes what it holds before the next round, so that it runs only in its own cell.
            engine.Pipeline.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            Thread.Sleep(500);
        }

        double Median(string cell, Func<Measurement, double> value) => cells[cell].Select(value).Order().ElementAt(Rounds / 2);
        var c = CultureInfo.InvariantCulture;
        var seqIdle = Median("seq idle", m => m.Ns);
        Console.WriteLine("| per call, medians of 7 × 2,000,000 calls | ns | of which GC pauses, ns | gen 1 / gen 2 collections per 1,000,000 calls | ratio to the Seq sink, other core idle |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (cell, name) in new[]
        {
            ("seq idle", "Seq sink, server down; other core idle"),
            ("seq busy", "Seq sink, server down; other core running arithmetic"),
            ("paused idle", "LogAnalyzer sink, writer paused; other core idle"),
            ("paused busy", "LogAnalyzer sink, writer paused; other core running arithmetic"),
            ("ours storing", "LogAnalyzer sink, writer storing on the other core"),
        })
        {
            Console.WriteLine(string.Create(c, $"| {name} | {Median(cell, m => m.Ns):0} | {Median(cell, m => m.PauseNs):0} | {Median(cell, m => m.Gen1):0.0} / {Median(cell, m => m.Gen2):0.0} | {Median(cell, m => m.Ns) / seqIdle:0.00} |"));
        }

        paused.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>Nanoseconds per call; of them, the time the process spent paused for garbage collection; and the collections of the older generations.</summary>
    private static Measurement Measure(Logger logger)
    {
        var (pause, gen1, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(1), GC.CollectionCount(2));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            logger.Information("Order {OrderId} placed by {UserId} for {Amount}", i, "user_123", 99.5);
        }

        var elapsed = clock.Elapsed;
        const double PerMillion = 1e6 / Calls;
        return new Measurement(
            elapsed.TotalMilliseconds * 1e6 / Calls,
            (GC.GetTotalPauseDuration() - pause).TotalMilliseconds * 1e6 / Calls,
            (GC.CollectionCount(1) - gen1) * PerMillion,
            (GC.CollectionCount(2) - gen2) * PerMillion);
    }

    private readonly record struct Measurement(double Ns, double PauseNs, double Gen1, double Gen2);

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
