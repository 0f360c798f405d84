using StackExchange.Redis;

namespace LogAnalyzer.Queue.Redis;

/// <summary>The keys of one queue: the stream, its dead-letter stream and the fleet's count of stored entries.</summary>
internal sealed class RedisStreamKeys(RedisOptions options)
{
    public RedisKey Stream { get; } = options.KeyPrefix + options.Queue.StreamName;

    public RedisKey DeadLetters { get; } = options.KeyPrefix + options.Queue.StreamName + ":dead";

    public RedisKey Completed { get; } = options.KeyPrefix + options.Queue.StreamName + ":completed";

    public RedisValue Group { get; } = options.Queue.ConsumerGroup;

    /// <summary>The field that holds an entry in a stream message.</summary>
    public static RedisValue EntryField { get; } = "e";
}
