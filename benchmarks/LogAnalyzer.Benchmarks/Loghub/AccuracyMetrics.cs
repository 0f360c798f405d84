namespace LogAnalyzer.Benchmarks.Loghub;

/// <summary>GA, FGA, PA and FTA as defined in the Loghub METRICS.md (groups keyed by template text).</summary>
internal readonly record struct AccuracyMetrics(double GA, double FGA, double PA, double FTA)
{
    public static AccuracyMetrics Compute(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var n = truth.Count;
        var truthGroups = Group(truth);
        var predictedGroups = Group(predicted);

        var correctGroups = 0;
        var correctLines = 0;
        foreach (var (_, lines) in truthGroups)
        {
            var first = predicted[lines[0]];
            if (lines.All(l => predicted[l] == first) && predictedGroups[first].Count == lines.Count)
            {
                correctGroups++;
                correctLines += lines.Count;
            }
        }

        var parsed = Enumerable.Range(0, n).Count(i => truth[i] == predicted[i]);
        var correctTemplates = predictedGroups.Count(g => g.Value.All(l => truth[l] == g.Key));

        return new AccuracyMetrics(
            (double)correctLines / n,
            F1((double)correctGroups / predictedGroups.Count, (double)correctGroups / truthGroups.Count),
            (double)parsed / n,
            F1((double)correctTemplates / predictedGroups.Count, (double)correctTemplates / truthGroups.Count));
    }

    private static double F1(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

    private static Dictionary<string, List<int>> Group(IReadOnlyList<string> templates)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < templates.Count; i++)
        {
            if (!groups.TryGetValue(templates[i], out var lines))
            {
                groups[templates[i]] = lines = [];
            }

            lines.Add(i);
        }

        return groups;
    }
}
