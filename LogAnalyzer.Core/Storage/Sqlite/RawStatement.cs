using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>
/// A prepared statement driven through SQLite's C API. The ingestion hot path runs two statements per entry, and
/// the insight scans read tens of thousands of rows; binding, stepping and reading them directly costs a fraction
/// of an ADO.NET command execution and data reader.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private nint _native;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (NativeColumns.Available)
        {
            // Held until Dispose, so that the pointer read past SQLitePCLRaw stays the live statement's.
            var referenced = false;
            _statement.DangerousAddRef(ref referenced);
            _native = referenced ? _statement.DangerousGetHandle() : 0;
        }
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Binds each named parameter the statement has (<c>$name</c>) to a whole number or a text.</summary>
    public void Bind(IEnumerable<KeyValuePair<string, object>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var index = raw.sqlite3_bind_parameter_index(_statement, name);
            if (index > 0)
            {
                switch (value)
                {
                    case long number:
                        Bind(index, number);
                        break;
                    case int number:
                        Bind(index, (long)number);
                        break;
                    case double real:
                        Bind(index, (double?)real);
                        break;
                    default:
                        Bind(index, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }
        }
    }

    /// <summary>Moves to the next row of a query: <see langword="true"/> while there is one.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    public long Int64(int column) => _native != 0 ? NativeColumns.Int64(_native, column) : raw.sqlite3_column_int64(_statement, column);

    public long? Int64OrNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : Int64(column);

    /// <summary>
    /// A string id (rowids of <c>strings</c> start at 1), or <see langword="null"/>: SQLite reads NULL as 0, so one call
    /// per column is enough where scans read hundreds of thousands of them.
    /// </summary>
    public long? StringIdOrNull(int column) => Int64(column) is var id and > 0 ? id : null;

    /// <summary>Runs the statement to completion and makes it ready for the next bindings.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose()
    {
        if (_native != 0)
        {
            _native = 0;
            _statement.DangerousRelease();
        }

        _statement.Dispose();
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
