using LogAnalyzer.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LogAnalyzer.Tests.Storage.Sqlite;

public sealed class RawStatementTests
{
    private const string Rows = "SELECT column1, column2 FROM (VALUES (1, NULL), (-5, 9223372036854775807), (0, 42), (-9223372036854775808, 7));";

    [Fact]
    public void Int64_BundledSqlite_ReadsPastSqlitePclRawWhatSqlitePclRawReads()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var expected = new List<(long, long)>();
        raw.sqlite3_prepare_v2(connection.Handle, Rows, out var reference);
        using (reference)
        {
            while (raw.sqlite3_step(reference) == raw.SQLITE_ROW)
            {
                expected.Add((raw.sqlite3_column_int64(reference, 0), raw.sqlite3_column_int64(reference, 1)));
            }
        }

        var read = new List<(long, long?)>();
        using (var statement = new RawStatement(connection, Rows))
        {
            while (statement.Step())
            {
                read.Add((statement.Int64(0), statement.StringIdOrNull(1)));
            }
        }

        Assert.True(NativeColumns.Available);
        Assert.Equal([(1L, 0L), (-5L, long.MaxValue), (0L, 42L), (long.MinValue, 7L)], expected);
        Assert.Equal([(1L, null), (-5L, long.MaxValue), (0L, 42L), (long.MinValue, 7L)], read);
    }
}
