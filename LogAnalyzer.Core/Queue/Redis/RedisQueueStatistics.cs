using StackExchange.Redis;

namespace LogAnalyzer.Queue.Redis;

/// <summary>The fleet's queue as the seed reports it, read from the stream and its group.</summary>
/// <param name="Waiting">Entries in the stream no consumer has read yet (the group's lag).</param>
/// <param name="Active">Entries read by a consumer and not yet stored and acknowledged (the group's pending entries).</param>
/// <param name="Completed">Entries stored from the stream by every instance since the stream was created.</param>
/// <param name="Failed">Entries in the dead-letter stream.</param>
internal sealed record RedisQueueStatistics(long Waiting, long Active, long Completed, long Failed)
{
    public static async Task<RedisQueueStatistics> ReadAsync(IDatabase database, RedisStreamKeys keys)
    {
        var length = database.StreamLengthAsync(keys.Stream);
        var completed = database.StringGetAsync(keys.Completed);
        var failed = database.StreamLengthAsync(keys.DeadLetters);
        StreamGroupInfo? group = null;
        if (await database.KeyExistsAsync(keys.Stream))
        {
            group = (await database.StreamGroupInfoAsync(keys.Stream)).Cast<StreamGroupInfo?>().FirstOrDefault(g => g!.Value.Name == keys.Group.ToString());
        }

        // Before any consumer created the group, everything in the stream waits.
        var waiting = group is { } g ? g.Lag ?? Math.Max(0, await length - g.PendingMessageCount) : await length;
        return new RedisQueueStatistics(waiting, group?.PendingMessageCount ?? 0, (long?)await completed ?? 0, await failed);
    }
}
