namespace LogAnalyzer.Alerts;

/// <summary>
/// Whether a window's failure rate is above the baseline's by more than chance: a two-proportion z-test. Rules run
/// every 30 seconds all day, so a rise must be at least <see cref="MinimumZ"/> standard errors (about one chance in
/// 30,000 per evaluation) before it pages anyone.
/// </summary>
internal static class Significance
{
    public const double MinimumZ = 4;

    /// <summary>The z-score of <paramref name="failures"/>/<paramref name="total"/> over the baseline's rate; infinite without baseline traffic.</summary>
    public static double RiseZ(long failures, long total, long baselineFailures, long baselineTotal)
    {
        if (total == 0)
        {
            return 0;
        }

        if (baselineTotal == 0)
        {
            return double.PositiveInfinity;
        }

        var (rate, baseline) = ((double)failures / total, (double)baselineFailures / baselineTotal);
        var pooled = (double)(failures + baselineFailures) / (total + baselineTotal);
        var error = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / total) + (1.0 / baselineTotal)));
        return error == 0 ? (rate > baseline ? double.PositiveInfinity : 0) : (rate - baseline) / error;
    }

    public static bool IsSignificantRise(long failures, long total, long baselineFailures, long baselineTotal) =>
        RiseZ(failures, total, baselineFailures, baselineTotal) >= MinimumZ;
}
