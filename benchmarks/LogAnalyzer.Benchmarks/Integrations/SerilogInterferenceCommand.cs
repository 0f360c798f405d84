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
/// <c>serilog-interference</c>: where the cost of a logging call goes when a sink's background work runs beside it.
/// The same Serilog <c>Information</c> event as <see cref="SerilogSinkBenchmarks"/>, 2,000,000 calls per measurement,
/// seven rounds, medians. From the runtime's own GC events: the process's pauses split by the deepest generation
/// collected, the time spent suspending threads for them, and the bytes each collection promoted. From the clocks: the
/// share of the time the logging thread was on a core (it is off while a collection runs on another thread) and the
/// CPU the process's other threads used. Measured for the Seq sink with its server down (its loop only retries, with
/// backoff) and our sink with its writer paused, each with the other core idle and with it running a thread of pure
/// arithmetic; then for the two sinks doing their job, the Seq sink delivering to a loopback server and ours storing,
/// with the events each delivered or stored per second. Each sink's background work finishes before the next
/// measurement starts, so that it runs only in its own row. Optional arguments set our pipeline's <c>Capacity</c>,
/// <c>MaxBatchSize</c> and <c>OverloadCapacity</c> (defaults 10,000, 5,000 and 250; an <c>OverloadCapacity</c> equal
/// to <c>Capacity</c> turns the overload limit off), to see how the time an admitted event spends in it changes what
/// collections promote.
/// </summary>
internal static class SerilogInterferenceCommand
{
    private const int Calls = 2_000_000;
    private const int Rounds = 7;

    public static int Run(string[] args)
    {
        var pipelineOptions = new PipelineOptions();
        if (args.Length is 2 or 3)
        {
            var sizes = args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
            (pipelineOptions.Capacity, pipelineOptions.MaxBatchSize) = (sizes[0], sizes[1]);
            pipelineOptions.OverloadCapacity = sizes.Length == 3 ? sizes[2] : pipelineOptions.OverloadCapacity;
        }
        else if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: serilog-interference [capacity maxBatchSize [overloadCapacity]]");
            return 2;
        }

        using var folder = new TempDirectory();
        var options = Options.Create(new LogAnalyzerOptions { Sqlite = { Path = folder.File("paused.db") } });
        var paused = new LogPipeline(new SqliteLogStore(options), options, TimeProvider.System, new LogAnalyzerMetrics(), NullLogger<LogPipeline>.Instance);
        using var engine = LogAnalyzerEngine.Start(new LogAnalyzerOptions { Sqlite = { Path = folder.File("bench.db") }, Pipeline = pipelineOptions, Api = { MaxBatchEntries = Math.Min(pipelineOptions.Capacity, 1000) } });
        using var seqServer = new FakeSeqServer();
        using var seq = new LoggerConfiguration().WriteTo.Seq("http://127.0.0.1:1").CreateLogger();
        using var seqUp = new LoggerConfiguration().WriteTo.Seq(seqServer.Url).CreateLogger();
        using var oursPaused = new LoggerConfiguration().WriteTo.LogAnalyzer(paused).CreateLogger();
        using var ours = new LoggerConfiguration().WriteTo.LogAnalyzer(engine.Pipeline).CreateLogger();
        using var pauses = new GcPauses();
        var cells = new Dictionary<string, List<Measurement>>();
        void Record(string cell, Measurement measured) => (cells.TryGetValue(cell, out var list) ? list : cells[cell] = []).Add(measured);
        static long None() => 0;

        for (var round = 0; round < Rounds; round++)
        {
            Record("seq idle", Measure(seq, pauses, None));
            Record("paused idle", Measure(oursPaused, pauses, None));
            using (new BusyCore())
            {
                Record("seq busy", Measure(seq, pauses, None));
                Record("paused busy", Measure(oursPaused, pauses, None));
            }

            Record("seq up", Measure(seqUp, pauses, () => seqServer.EventsReceived));
            WaitUntilStill(() => seqServer.EventsReceived);
            Record("ours storing", Measure(ours, pauses, () => engine.Pipeline.Stats.Completed));
            engine.Pipeline.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        double Median(string cell, Func<Measurement, double> value) => cells[cell].Select(value).Order().ElementAt(Rounds / 2);
        var c = CultureInfo.InvariantCulture;
        var seqIdle = Median("seq idle", m => m.Ns);
        Console.WriteLine("| per call, medians of 7 × 2,000,000 calls | ns | GC pauses, ns | of them suspending threads, ns | of them collecting gen 0 / 1 / 2, ns | bytes promoted out of gen 0 / gen 1 | collections of gen 0 / 1 / 2 (deepest) per 1,000,000 calls | events delivered or stored per second | logging thread on a core, % of the time | other threads, cores busy | ratio to the Seq sink, server down, other core idle |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (cell, name) in new[]
        {
            ("seq idle", "Seq sink, server down; other core idle"),
            ("seq busy", "Seq sink, server down; other core running arithmetic"),
            ("paused idle", "LogAnalyzer sink, writer paused; other core idle"),
            ("paused busy", "LogAnalyzer sink, writer paused; other core running arithmetic"),
            ("seq up", "Seq sink delivering to a loopback server"),
            ("ours storing", "LogAnalyzer sink, writer storing"),
        })
        {
            Console.WriteLine(string.Create(c, $"| {name} | {Median(cell, m => m.Ns):0} | {Median(cell, m => m.PauseNs):0} | {Median(cell, m => m.SuspendingNs):0} | {Median(cell, m => m.Gen0PauseNs):0} / {Median(cell, m => m.Gen1PauseNs):0} / {Median(cell, m => m.Gen2PauseNs):0} | {Median(cell, m => m.Promoted0):0.0} / {Median(cell, m => m.Promoted1):0.0} | {Median(cell, m => m.Gen0):0} / {Median(cell, m => m.Gen1):0.0} / {Median(cell, m => m.Gen2):0.0} | {Median(cell, m => m.DeliveredPerSecond):#,0} | {Median(cell, m => m.OnCore) * 100:0.0} | {Median(cell, m => m.OtherCores):0.00} | {Median(cell, m => m.Ns) / seqIdle:0.00} |"));
        }

        paused.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    private static Measurement Measure(Logger logger, GcPauses pauses, Func<long> delivered)
    {
        var (pause, before, started) = (GC.GetTotalPauseDuration(), delivered(), DateTime.UtcNow);
        var cpu = ThreadCpu.Now();
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            logger.Information("Order {OrderId} placed by {UserId} for {Amount}", i, "user_123", 99.5);
        }

        var elapsed = clock.Elapsed;
        var ownCpu = ThreadCpu.Now() - cpu;
        var othersCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpu - ownCpu;
        var (ended, pauseDelta, deliveredPerSecond) = (DateTime.UtcNow, GC.GetTotalPauseDuration() - pause, (delivered() - before) / elapsed.TotalSeconds);

        // The runtime hands its GC events to listeners on its own thread, a little later: let them arrive.
        Thread.Sleep(300);
        var split = pauses.Take(started, ended);

        // Milliseconds per call in nanoseconds, and counts per million calls: the same factor.
        const double PerCall = 1e6 / Calls;
        return new Measurement(
            elapsed.TotalMilliseconds * PerCall,
            pauseDelta.TotalMilliseconds * PerCall,
            split.SuspendingMs * PerCall,
            split.PauseMs[0] * PerCall,
            split.PauseMs[1] * PerCall,
            split.PauseMs[2] * PerCall,
            (double)split.Promoted[0] / Calls,
            (double)split.Promoted[1] / Calls,
            split.Counts[0] * PerCall,
            split.Counts[1] * PerCall,
            split.Counts[2] * PerCall,
            deliveredPerSecond,
            ownCpu / elapsed,
            othersCpu / elapsed);
    }

    /// <summary>
    /// Waits until a count has stopped moving for 3 s (the Seq sink delivering its backlog; it sends a last partial batch
    /// after its 2-second period), at most 60 s.
    /// </summary>
    private static void WaitUntilStill(Func<long> count)
    {
        var deadline = Stopwatch.StartNew();
        var (previous, now) = (-1L, count());
        while (now != previous && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(3000);
            (previous, now) = (now, count());
        }
    }

    private readonly record struct Measurement(
        double Ns,
        double PauseNs,
        double SuspendingNs,
        double Gen0PauseNs,
        double Gen1PauseNs,
        double Gen2PauseNs,
        double Promoted0,
        double Promoted1,
        double Gen0,
        double Gen1,
        double Gen2,
        double DeliveredPerSecond,
        double OnCore,
        double OtherCores);

    /// <summary>
    /// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): how long the logging thread actually ran,
    /// so that time it spent suspended while a collection ran on another thread shows as time off its core. Elsewhere,
    /// or if the clock fails, it reads as zero and the two CPU columns are meaningless.
    /// </summary>
    private static class ThreadCpu
    {
        private const int ThreadCpuTimeClock = 3;

        public static TimeSpan Now() =>
            OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuTimeClock, out var time) == 0
                ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100))
                : TimeSpan.Zero;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out Timespec time);

        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }
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
