using LogAnalyzer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Tests.Storage.Sqlite;

public sealed class RawStatementTests
{
    [Fact]
    public void NativeColumns_BundledSqlite_AreUsed() => Assert.True(NativeColumns.Available);

    [Fact]
    public void Int64_RowsOfWholeNumbersAndNulls_ReadsWhatSqlitePclRawReads()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var statement = new RawStatement(connection, "SELECT column1, column2 FROM (VALUES (1, NULL), (-5, 9223372036854775807), (0, 42));");
        var rows = new List<(long, long?)>();
        while (statement.Step())
        {
            rows.Add((statement.Int64(0), statement.StringIdOrNull(1)));
        }

        Assert.Equal([(1L, null), (-5L, long.MaxValue), (0L, 42L)], rows);
    }
}
