using System.Diagnostics.Tracing;
using System.Globalization;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// The runtime's own GC events, kept with their time stamps so that a measurement counts only what happened inside it:
/// each pause (execution suspended to restarted) under the deepest generation collected in it, collections started per
/// generation, and the bytes promoted out of gen 0 and gen 1.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const int GcKeyword = 0x1;
    private const int GcStart = 1, GcRestartEEEnd = 3, GcHeapStats = 4, GcSuspendEEEnd = 8, GcSuspendEEBegin = 9;
    private const int NoCollection = 3;

    private readonly Lock _lock = new();
    private readonly List<Pause> _pauses = [];
    private readonly List<(DateTime At, int Depth)> _collections = [];
    private readonly List<(DateTime At, long Gen0, long Gen1)> _promotions = [];
    private DateTime _suspended;
    private double _suspendingMs;
    private int _depth = NoCollection;

    /// <summary>Pause milliseconds and collections per generation (index 3: suspensions with no collection), bytes promoted out of gen 0 and gen 1.</summary>
    internal readonly record struct Tally(double[] PauseMs, int[] Counts, long[] Promoted, double SuspendingMs);

    private readonly record struct Pause(DateTime Start, double Ms, int Depth, double SuspendingMs);

    /// <summary>What started between <paramref name="from"/> and <paramref name="to"/> (UTC); forgets everything before <paramref name="to"/>.</summary>
    public Tally Take(DateTime from, DateTime to)
    {
        lock (_lock)
        {
            var tally = new Tally(new double[4], new int[4], new long[2], 0);
            foreach (var pause in _pauses.Where(p => p.Start >= from && p.Start <= to))
            {
                tally.PauseMs[pause.Depth] += pause.Ms;
                tally = tally with { SuspendingMs = tally.SuspendingMs + pause.SuspendingMs };
            }

            foreach (var (_, depth) in _collections.Where(c => c.At >= from && c.At <= to))
            {
                tally.Counts[depth]++;
            }

            foreach (var (_, gen0, gen1) in _promotions.Where(p => p.At >= from && p.At <= to))
            {
                (tally.Promoted[0], tally.Promoted[1]) = (tally.Promoted[0] + gen0, tally.Promoted[1] + gen1);
            }

            _pauses.RemoveAll(p => p.Start <= to);
            _collections.RemoveAll(c => c.At <= to);
            _promotions.RemoveAll(p => p.At <= to);
            return tally;
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        lock (_lock)
        {
            switch (eventData.EventId)
            {
                case GcSuspendEEBegin:
                    (_suspended, _depth, _suspendingMs) = (eventData.TimeStamp, NoCollection, 0);
                    break;
                case GcSuspendEEEnd when _suspended != default:
                    _suspendingMs = (eventData.TimeStamp - _suspended).TotalMilliseconds;
                    break;
                case GcStart:
                    _depth = Math.Min(NoCollection, Field<int>(eventData, "Depth"));
                    _collections.Add((eventData.TimeStamp, _depth));
                    break;
                case GcHeapStats:
                    _promotions.Add((eventData.TimeStamp, Field<long>(eventData, "TotalPromotedSize0"), Field<long>(eventData, "TotalPromotedSize1")));
                    break;
                case GcRestartEEEnd when _suspended != default:
                    _pauses.Add(new Pause(_suspended, (eventData.TimeStamp - _suspended).TotalMilliseconds, _depth, _suspendingMs));
                    _suspended = default;
                    break;
            }
        }
    }

    private static T Field<T>(EventWrittenEventArgs eventData, string name)
        where T : IConvertible =>
        (T)Convert.ChangeType(eventData.Payload![eventData.PayloadNames!.IndexOf(name)]!, typeof(T), CultureInfo.InvariantCulture);
}
