namespace LogAnalyzer;

/// <summary>
/// The MongoDB store, for a fleet of instances that share one store (<c>LogAnalyzer:MongoDb</c>; set by
/// <c>UseMongoDb</c>). When <see cref="ConnectionString"/> is set, MongoDB replaces the embedded SQLite store.
/// </summary>
public sealed class MongoDbStoreOptions
{
    /// <summary>The MongoDB connection string, such as <c>mongodb://localhost:27017</c>; none keeps the SQLite store. Default: none.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database that holds LogAnalyzer's collections. Default: <c>loganalyzer</c>.</summary>
    public string Database { get; set; } = "loganalyzer";

    /// <summary>The most connections per server in the driver's pool. Default: 50.</summary>
    public int MaxPoolSize { get; set; } = 50;

    /// <summary>The connections per server the driver's pool keeps open. Default: 10.</summary>
    public int MinPoolSize { get; set; } = 10;

    /// <summary>How long an operation waits for a suitable server before failing. Default: 5 seconds.</summary>
    public TimeSpan ServerSelectionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a socket read or write may take before it fails. Default: 45 seconds.</summary>
    public TimeSpan SocketTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// No longer read: MongoDB keeps entries for <see cref="RetentionOptions.Entries"/>, as SQLite does. Start-up fails
    /// while this is set, so that an old configuration cannot silently change how long entries are kept.
    /// </summary>
    [Obsolete("Set LogAnalyzer:Retention:Entries (a time span) instead, or LogAnalyzer:Retention:Enabled=false to keep entries for ever.")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public int? RetentionDays { get; set; }
}
