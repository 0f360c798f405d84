using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>
/// <c>sqlite3_column_int64</c> called straight through the native library's export. SQLitePCLRaw's call marshals the
/// statement's SafeHandle (a reference count taken and released) and dispatches through its provider on each call,
/// which is most of the cost when a search reads nine columns of tens of thousands of rows. Used only when SQLitePCLRaw
/// runs on the bundled <c>e_sqlite3</c> and the export resolves to the very copy of the library SQLitePCLRaw calls
/// (its version string is at the same address); otherwise, or if anything about the probe fails, SQLitePCLRaw's call
/// is kept.
/// </summary>
internal static unsafe class NativeColumns
{
    private static readonly delegate* unmanaged[Cdecl]<nint, int, long> ColumnInt64;

    // An explicit static constructor runs at first use (a statement being prepared, so SQLitePCLRaw has its provider),
    // not whenever the runtime chooses.
    static NativeColumns() => ColumnInt64 = Resolve();

    /// <summary>Whether <see cref="Int64"/> may be called.</summary>
    public static bool Available => ColumnInt64 != null;

    /// <summary>The column's value as a 64-bit integer; only when <see cref="Available"/>.</summary>
    public static long Int64(nint statement, int column) => ColumnInt64(statement, column);

    private static delegate* unmanaged[Cdecl]<nint, int, long> Resolve()
    {
        try
        {
            if (raw.GetNativeLibraryName() != "e_sqlite3"
                || !NativeLibrary.TryLoad("e_sqlite3", ProviderAssembly(), null, out var library)
                || !NativeLibrary.TryGetExport(library, "sqlite3_column_int64", out var column)
                || !NativeLibrary.TryGetExport(library, "sqlite3_libversion", out var version))
            {
                return null;
            }

            fixed (byte* used = raw.sqlite3_libversion())
            {
                return ((delegate* unmanaged[Cdecl]<byte*>)version)() == used ? (delegate* unmanaged[Cdecl]<nint, int, long>)column : null;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed speed-up must never cost the store its reads.
            return null;
        }
    }

    // In a method of its own, so that an app without the provider's assembly fails inside the probe's try.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Assembly ProviderAssembly() => typeof(SQLite3Provider_e_sqlite3).Assembly;
}
