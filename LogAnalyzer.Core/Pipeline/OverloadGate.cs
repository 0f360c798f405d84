namespace LogAnalyzer.Pipeline;

/// <summary>
/// How much of the pipeline logged events may fill: all of <see cref="PipelineOptions.Capacity"/> normally, only
/// <see cref="PipelineOptions.OverloadCapacity"/> while overloaded. Overload starts when a logged event finds no room
/// and ends when the writer has caught up: nothing queued, written or refused for a whole <see cref="CaughtUpAfter"/>.
/// </summary>
/// <remarks>
/// A sustained overload is stored at the writer's pace however long the queue is, so a long standing queue only
/// delays what it holds; and a queue refilled with just-logged events as fast as the writer empties it keeps them
/// alive across the app's young collections, which then promote them, on the app's threads. Under such an overload
/// the app refills the pipeline as soon as a write frees room, so the writer is never idle; an app that logs in
/// bursts leaves it idle between them, and each burst finds all of <see cref="PipelineOptions.Capacity"/> again.
/// </remarks>
internal sealed class OverloadGate(PipelineOptions options)
{
    /// <summary>How long the writer must find nothing to do, nothing written and nothing refused before an overload ends.</summary>
    public static readonly TimeSpan CaughtUpAfter = TimeSpan.FromMilliseconds(10);

    private readonly int _capacity = options.Capacity;
    private readonly int _overloadCapacity = Math.Min(options.OverloadCapacity, options.Capacity);
    private volatile bool _overloaded;

    public bool Overloaded => _overloaded;

    /// <summary>The most entries the pipeline may hold when it admits a logged event now.</summary>
    public int LoggedCapacity => _overloaded ? _overloadCapacity : _capacity;

    /// <summary>How many waiting entries make a write due: never more than an overloaded pipeline admits.</summary>
    public int DueAt(int batchSize) => _overloaded ? Math.Min(batchSize, _overloadCapacity) : batchSize;

    /// <summary>A logged event found no room. Returns whether that started an overload (never when it is turned off).</summary>
    public bool Refused()
    {
        if (_overloaded || _overloadCapacity >= _capacity)
        {
            return false;
        }

        _overloaded = true;
        return true;
    }

    /// <summary>The writer found nothing queued, written or refused for <see cref="CaughtUpAfter"/>.</summary>
    public void CaughtUp() => _overloaded = false;
}
