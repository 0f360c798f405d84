using System.Text.Json;

namespace LogAnalyzer.Benchmarks.Loghub;

/// <summary>One entry of <c>datasets.json</c>, its messages and its ground-truth templates, in line order.</summary>
internal sealed record LoghubDataset(string Name, IReadOnlyList<string> Messages, IReadOnlyList<string> Truth, int Skipped)
{
    public static IEnumerable<(string Name, string LogFile, string Format, string GroundTruth)> List(string directory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "datasets.json")));
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            yield return (
                entry.Name,
                Path.Combine(directory, entry.Value.GetProperty("log_file").GetString()!),
                entry.Value.GetProperty("log_format").GetString()!,
                Path.Combine(directory, entry.Value.GetProperty("ground_truth").GetString()!));
        }
    }

    public static LoghubDataset Load(string name, string logFile, string format, string groundTruth)
    {
        var logFormat = new LogFormat(format);
        var messages = new List<string>();
        var skipped = 0;
        foreach (var line in File.ReadLines(logFile))
        {
            if (logFormat.Content(line) is { } content)
            {
                messages.Add(content);
            }
            else if (line.Trim().Length > 0)
            {
                skipped++;
            }
        }

        var rows = Csv.Parse(File.ReadAllText(groundTruth));
        var column = Array.IndexOf(rows[0], "EventTemplate");
        if (column < 0)
        {
            throw new InvalidDataException($"{groundTruth} has no EventTemplate column.");
        }

        var truth = rows.Skip(1).Where(r => r.Length > column).Select(r => r[column]).ToList();
        if (truth.Count != messages.Count)
        {
            throw new InvalidDataException(
                $"{name}: {messages.Count} log lines have the format but the ground truth has {truth.Count} rows.");
        }

        return new LoghubDataset(name, messages, truth, skipped);
    }
}
