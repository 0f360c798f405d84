using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Tests;

/// <summary>SQLite's own integrity check and FTS5's check of its index against the table, on a database file.</summary>
internal static class SqliteIntegrity
{
    public static (string Integrity, bool FtsMatches) Check(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var integrity = (string)command.ExecuteScalar()!;
        command.CommandText = "INSERT INTO logs_fts(logs_fts, rank) VALUES ('integrity-check', 1);";
        try
        {
            command.ExecuteNonQuery();
            return (integrity, true);
        }
        catch (SqliteException)
        {
            return (integrity, false);
        }
    }
}
