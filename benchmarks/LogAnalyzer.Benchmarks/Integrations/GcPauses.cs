using System.Diagnostics.Tracing;
using System.Globalization;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// The runtime's own GC events, tallied: each pause (execution suspended to restarted) under the deepest generation
/// collected in it, collections started per generation, and the bytes promoted out of gen 0 and gen 1.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const int GcKeyword = 0x1;
    private const int GcStart = 1, GcRestartEEEnd = 3, GcHeapStats = 4, GcSuspendEEBegin = 9;
    private const int NoCollection = 3;

    private readonly Lock _lock = new();
    private readonly double[] _pauseMs = new double[4];
    private readonly int[] _counts = new int[4];
    private readonly long[] _promoted = new long[2];
    private DateTime _suspended;
    private int _depth = NoCollection;

    /// <summary>Pause milliseconds and collections per generation (index 3: suspensions with no collection), bytes promoted out of gen 0 and gen 1.</summary>
    internal readonly record struct Tally(double[] PauseMs, int[] Counts, long[] Promoted);

    /// <summary>What was tallied since the last call.</summary>
    public Tally Take()
    {
        lock (_lock)
        {
            var tally = new Tally([.. _pauseMs], [.. _counts], [.. _promoted]);
            Array.Clear(_pauseMs);
            Array.Clear(_counts);
            Array.Clear(_promoted);
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
                    (_suspended, _depth) = (eventData.TimeStamp, NoCollection);
                    break;
                case GcStart:
                    _depth = Math.Min(NoCollection, Field<int>(eventData, "Depth"));
                    _counts[_depth]++;
                    break;
                case GcHeapStats:
                    _promoted[0] += Field<long>(eventData, "TotalPromotedSize0");
                    _promoted[1] += Field<long>(eventData, "TotalPromotedSize1");
                    break;
                case GcRestartEEEnd when _suspended != default:
                    _pauseMs[_depth] += (eventData.TimeStamp - _suspended).TotalMilliseconds;
                    _suspended = default;
                    break;
            }
        }
    }

    private static T Field<T>(EventWrittenEventArgs eventData, string name)
        where T : IConvertible =>
        (T)Convert.ChangeType(eventData.Payload![eventData.PayloadNames!.IndexOf(name)]!, typeof(T), CultureInfo.InvariantCulture);
}
