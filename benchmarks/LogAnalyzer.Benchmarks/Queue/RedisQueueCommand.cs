using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LogAnalyzer.Coordination;
using LogAnalyzer.Benchmarks.Data;
using LogAnalyzer.Benchmarks.Pipeline;
using LogAnalyzer.Diagnostics;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Queue.Redis;
using LogAnalyzer.Storage.Sqlite;
using LogAnalyzer.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LogAnalyzer.Benchmarks.Queue;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/LogAnalyzer.Benchmarks -- redis-queue [entries]</c>: ingests the same
/// seed-like traffic (200,000 entries by default, API-style batches of 1,000 awaited until acknowledged) into SQLite
/// through the in-process queue, then through a real redis-server's stream (append-only file, fsync always) with one and
/// with two consumers, and prints acknowledged and stored throughput side by side.
/// </summary>
internal static class RedisQueueCommand
{
    private const int Chunk = 1000;

    public static int Run(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        using var folder = new TempDirectory();
        using var redis = RedisProcess.Start(folder.File("redis"));
        Console.WriteLine($"redis-queue: {total:N0} entries, batches of {Chunk:N0}, {Environment.ProcessorCount} cores, redis-server {redis.Version}");

        // Warm-up: JIT, SQLite and Redis caches, so the first measured path is not charged for them.
        InProcess(folder.File("warm-up.db"), Math.Min(total, 20_000));
        ThroughRedis(folder.File("warm-up-redis.db"), redis.Configuration, Math.Min(total, 20_000), 1);

        var inProcess = InProcess(folder.File("in-process.db"), total);
        Print("in-process queue → SQLite", inProcess.Acknowledged, inProcess.Stored, total);
        foreach (var consumers in new[] { 1, 2 })
        {
            var through = ThroughRedis(folder.File($"redis-{consumers}.db"), redis.Configuration, total, consumers);
            Print($"Redis stream → SQLite, {consumers} consumer{(consumers > 1 ? "s" : string.Empty)}", through.Acknowledged, through.Stored, total);
        }

        return 0;
    }

    private static void Print(string name, TimeSpan acknowledged, TimeSpan stored, int total) =>
        Console.WriteLine($"  {name,-40} acknowledged {total / acknowledged.TotalSeconds,9:N0}/s   stored {total / stored.TotalSeconds,9:N0}/s   ({stored.TotalMilliseconds:N0} ms)");

    private static (TimeSpan Acknowledged, TimeSpan Stored) InProcess(string path, int total)
    {
        using var pipeline = new AnalysedPipeline(new LogAnalyzerOptions { Sqlite = { Path = path } }, TimeProvider.System);
        var entries = SeedLikeEntries.Create(total);
        var clock = Stopwatch.StartNew();
        Produce(pipeline.Pipeline, entries);
        var acknowledged = clock.Elapsed;
        pipeline.Complete();
        return (acknowledged, acknowledged);
    }

    private static (TimeSpan Acknowledged, TimeSpan Stored) ThroughRedis(string path, string configuration, int total, int consumers)
    {
        var options = new LogAnalyzerOptions { Sqlite = { Path = path } };
        options.Redis.Configuration = configuration;
        options.Redis.KeyPrefix = $"bench:{Guid.NewGuid():N}:";
        options.Redis.Queue.Enabled = true;
        using var connection = ConnectionMultiplexer.Connect(configuration);
        using var metrics = new LogAnalyzerMetrics();
        var producer = new RedisStreamProducer(RedisConnection.Of(connection), options.Redis, TimeProvider.System, metrics, NullLogger<RedisStreamProducer>.Instance);
        using var pipeline = new AnalysedPipeline(options, TimeProvider.System, forwarder: producer);
        var stores = Enumerable.Range(0, consumers).Select(_ => new SqliteLogStore(Options.Create(options))).ToArray();
        var readers = stores.Select((store, i) => new RedisStreamConsumer(RedisConnection.Of(connection), store, options.Redis, $"c{i}", TimeProvider.System, metrics, NullLogger<RedisStreamConsumer>.Instance)).ToArray();
        var keys = new RedisStreamKeys(options.Redis);
        var entries = SeedLikeEntries.Create(total);

        var clock = Stopwatch.StartNew();
        foreach (var reader in readers)
        {
            reader.Start();
        }

        Produce(pipeline.Pipeline, entries);
        var acknowledged = clock.Elapsed;
        while ((long?)connection.GetDatabase().StringGet(keys.Completed) < total)
        {
            Thread.Sleep(5);
        }

        var stored = clock.Elapsed;
        foreach (var reader in readers)
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        pipeline.Complete();
        foreach (var store in stores)
        {
            store.Dispose();
        }

        return (acknowledged, stored);
    }

    /// <summary>As the HTTP API does: each batch is awaited until acknowledged, four callers at a time.</summary>
    private static void Produce(LogPipeline pipeline, LogEntry[] entries)
    {
        Parallel.ForEach(
            Enumerable.Range(0, (entries.Length + Chunk - 1) / Chunk),
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            chunk =>
            {
                var batch = entries.AsSpan(chunk * Chunk, Math.Min(Chunk, entries.Length - (chunk * Chunk))).ToArray();
                var result = pipeline.EnqueueAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                if (result != EnqueueResult.Committed)
                {
                    throw new InvalidOperationException($"A batch was not acknowledged: {result}.");
                }
            });
    }

    /// <summary>A redis-server on a free loopback port with an append-only file that is fsynced on every write.</summary>
    private sealed class RedisProcess : IDisposable
    {
        private readonly Process _process;

        private RedisProcess(Process process, string configuration, string version) => (_process, Configuration, Version) = (process, configuration, version);

        public string Configuration { get; }

        public string Version { get; }

        public static RedisProcess Start(string folder)
        {
            Directory.CreateDirectory(folder);
            var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).");
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var process = Process.Start(new ProcessStartInfo(executable, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "yes", "--appendfsync", "always"])
            {
                RedirectStandardOutput = true,
            })!;
            var configuration = $"127.0.0.1:{port},abortConnect=false,connectRetry=50";
            using var probe = ConnectionMultiplexer.Connect(configuration);
            probe.GetDatabase().Ping();
            var version = probe.GetServers()[0].Version.ToString();
            return new RedisProcess(process, configuration, version);
        }

        public void Dispose()
        {
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
