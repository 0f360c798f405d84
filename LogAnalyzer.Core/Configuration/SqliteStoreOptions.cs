namespace LogAnalyzer;

/// <summary>Settings of the embedded SQLite store (<c>LogAnalyzer:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// The database file. Relative paths are relative to the current directory. Default: <c>data/loganalyzer.db</c>;
    /// the folder is created when missing.
    /// </summary>
    public string Path { get; set; } = System.IO.Path.Combine("data", "loganalyzer.db");

    /// <summary>
    /// How committed entries survive failures. <see cref="SqliteDurability.Normal"/> (the default, WAL with
    /// <c>synchronous=NORMAL</c>) survives a crash of the process; <see cref="SqliteDurability.Full"/> also survives
    /// a power loss, at the cost of one fsync per commit.
    /// </summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Normal;
}

/// <summary>How SQLite commits reach the disk.</summary>
public enum SqliteDurability
{
    /// <summary>WAL with <c>synchronous=NORMAL</c>: a committed entry survives a process crash.</summary>
    Normal,

    /// <summary>WAL with <c>synchronous=FULL</c>: a committed entry also survives a power loss.</summary>
    Full,
}
