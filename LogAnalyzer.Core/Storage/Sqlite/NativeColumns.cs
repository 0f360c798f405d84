using System.Runtime.InteropServices;
using SQLitePCL;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>
/// <c>sqlite3_column_int64</c> called straight through the native library's export. SQLitePCLRaw's call marshals the
/// statement's SafeHandle and switches GC mode on each call, which is most of the cost when a search reads nine columns
/// of tens of thousands of rows; the function returns a value already decoded for the row and blocks on nothing but
/// the connection's own mutex, which the one thread using the connection holds no one else against, so it needs no
/// GC transition. Used only when SQLitePCLRaw runs on the bundled <c>e_sqlite3</c> (the library our handles belong to);
/// any other provider keeps SQLitePCLRaw's call.
/// </summary>
internal static unsafe class NativeColumns
{
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long> ColumnInt64 = Resolve();

    public static bool Available => ColumnInt64 != null;

    /// <summary>The column's value as a 64-bit integer; only when <see cref="Available"/>.</summary>
    public static long Int64(nint statement, int column) => ColumnInt64(statement, column);

    private static delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long> Resolve()
    {
        try
        {
            return raw.GetNativeLibraryName() == "e_sqlite3"
                && NativeLibrary.TryLoad("e_sqlite3", typeof(raw).Assembly, null, out var library)
                && NativeLibrary.TryGetExport(library, "sqlite3_column_int64", out var export)
                ? (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long>)export
                : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
