using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LogAnalyzer.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database file on its own connection and thread, so the writer does
/// not stop to do it after its commits (SQLite's automatic checkpoint runs inside the committing call). The writer
/// keeps a much larger automatic checkpoint as a backstop: under sustained load this one rarely catches up with the
/// end of the log, which only a checkpoint at a commit boundary can reset, but by then little is left to copy.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>Entries committed between checkpoints: a few transactions' worth of pages at a time.</summary>
    public const int EntriesPerCheckpoint = 4_000;

    /// <summary>The writer's own automatic checkpoint, in pages (SQLite's default is 1,000).</summary>
    public const int WriterBackstopPages = 16_000;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _uncheckpointed;
    private long _checkpoints;

    public WalCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _thread = new Thread(Run) { IsBackground = true, Name = "LogAnalyzer WAL checkpoint" };
        _thread.Start();
    }

    /// <summary>Checkpoints run so far (for tests).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Called by the writer after a commit; never waits.</summary>
    public void Committed(int entries)
    {
        if (Interlocked.Add(ref _uncheckpointed, entries) >= EntriesPerCheckpoint && _due.CurrentCount == 0)
        {
            try
            {
                _due.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled by a racing commit.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _connection.Dispose();
        _due.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _due.Wait(_stop.Token);
                Interlocked.Exchange(ref _uncheckpointed, 0);
                // PASSIVE never waits for the writer or readers; a busy result just means it copied less.
                raw.sqlite3_wal_checkpoint_v2(_connection.Handle, null, raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
                Interlocked.Increment(ref _checkpoints);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed; the last connection to close checkpoints what is left.
        }
    }
}
