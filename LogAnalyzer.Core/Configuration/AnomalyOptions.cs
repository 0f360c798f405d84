namespace LogAnalyzer;

/// <summary>Settings of the statistical anomaly scorer (<c>LogAnalyzer:Anomalies</c>).</summary>
public sealed class AnomalyOptions
{
    /// <summary>The score at or above which an entry is marked anomalous. Default: 0.7.</summary>
    public double Threshold { get; set; } = 0.7;

    /// <summary>
    /// Endpoints whose failures matter most: an Error or Critical entry whose endpoint contains one of these
    /// (case-insensitive) gets the <c>critical_endpoint</c> reason. Default: payment, auth, login, checkout.
    /// </summary>
    public IList<string> CriticalEndpoints { get; set; } = ["payment", "auth", "login", "checkout"];

    /// <summary>
    /// How long after start-up novelty (a new pattern, a new error code) is learned rather than reported, so that a
    /// restart does not flag every pattern as new. Default: 10 minutes.
    /// </summary>
    public TimeSpan LearningPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How quickly the per-minute baselines forget: the weight of the newest minute in the exponentially weighted
    /// average. Default: 0.1 (a baseline of about the last ten minutes).
    /// </summary>
    public double BaselineWeight { get; set; } = 0.1;

    /// <summary>A pattern seen in at most this share of all entries so far is rare. Default: 0.001 (0.1%).</summary>
    public double RareShare { get; set; } = 0.001;
}
