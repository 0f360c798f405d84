using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogAnalyzer.Patterns;

namespace LogAnalyzer.Benchmarks.Loghub;

/// <summary>
/// <c>loghub DIR [--out OUT]</c>: mines every dataset of <c>DIR/datasets.json</c> with a fresh miner in the default
/// configuration and prints GA, FGA, PA, FTA and the mining throughput per dataset, then the means.
/// </summary>
internal static class LoghubCommand
{
    private const int TimedRuns = 7;

    public static int Run(string[] args)
    {
        if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--out"))
        {
            Console.Error.WriteLine("usage: loghub DIR [--out OUT]");
            return 2;
        }

        var directory = args[0];
        var output = args.Length == 3 ? args[2] : null;
        if (!File.Exists(Path.Combine(directory, "datasets.json")))
        {
            Console.Error.WriteLine($"{Path.Combine(directory, "datasets.json")} does not exist.");
            return 2;
        }

        var datasets = LoghubDataset.List(directory).Select(d => LoghubDataset.Load(d.Name, d.LogFile, d.Format, d.GroundTruth)).ToList();
        if (output is not null)
        {
            Directory.CreateDirectory(output);
        }

        // Untimed passes first (at least two seconds, so tiered compilation reaches optimised code), so that the timed
        // passes measure the miner and not the JIT.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var dataset in datasets)
            {
                Mine(dataset.Messages);
            }
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{"dataset",-12} {"GA",6} {"FGA",6} {"PA",6} {"FTA",6} {"lines/s",12}"));
        var results = new List<(AccuracyMetrics Metrics, double LinesPerSecond)>();
        foreach (var dataset in datasets)
        {
            var (templates, seconds) = Mine(dataset.Messages);
            var metrics = AccuracyMetrics.Compute(dataset.Truth, templates);

            // Each run mines with a fresh miner; the fastest run is the one least disturbed by other work on the machine.
            var runs = new double[TimedRuns];
            runs[0] = seconds;
            for (var run = 1; run < TimedRuns; run++)
            {
                runs[run] = Mine(dataset.Messages).Seconds;
            }

            var linesPerSecond = dataset.Messages.Count / runs.Min();
            results.Add((metrics, linesPerSecond));
            Console.WriteLine(string.Create(inv,
                $"{dataset.Name,-12} {metrics.GA,6:F3} {metrics.FGA,6:F3} {metrics.PA,6:F3} {metrics.FTA,6:F3} {linesPerSecond,12:N0}"));
            if (dataset.Skipped > 0)
            {
                Console.WriteLine(string.Create(inv, $"  ({dataset.Skipped} lines without the log format were skipped)"));
            }

            if (output is not null)
            {
                Write(Path.Combine(output, dataset.Name + "_2k.log_structured.csv"), templates);
            }
        }

        Console.WriteLine(string.Create(inv,
            $"{"mean",-12} {results.Average(r => r.Metrics.GA),6:F3} {results.Average(r => r.Metrics.FGA),6:F3} {results.Average(r => r.Metrics.PA),6:F3} {results.Average(r => r.Metrics.FTA),6:F3} {results.Average(r => r.LinesPerSecond),12:N0}"));
        return 0;
    }

    /// <summary>Mines with a fresh miner; each line gets the template its pattern has at the end (ids resolved).</summary>
    private static (string[] Templates, double Seconds) Mine(IReadOnlyList<string> messages)
    {
        var miner = new TemplateMiner(new PatternOptions());
        var ids = new string[messages.Count];
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < messages.Count; i++)
        {
            ids[i] = miner.Mine(messages[i]).PatternId;
        }

        stopwatch.Stop();
        var templates = miner.Snapshot().ToDictionary(p => p.Id, p => p.Template, StringComparer.Ordinal);
        return ([.. ids.Select(id => templates[miner.Resolve(id)])], stopwatch.Elapsed.TotalSeconds);
    }

    private static void Write(string path, string[] templates)
    {
        var csv = new StringBuilder("LineId,EventTemplate\n");
        for (var i = 0; i < templates.Length; i++)
        {
            csv.Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(',').Append(Csv.Quote(templates[i])).Append('\n');
        }

        File.WriteAllText(path, csv.ToString());
    }
}
