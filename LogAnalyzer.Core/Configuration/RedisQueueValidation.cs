namespace LogAnalyzer;

/// <summary>Checks <see cref="RedisQueueOptions"/>; each message names the setting.</summary>
internal static class RedisQueueValidation
{
    public static void Validate(RedisOptions redis, List<string> errors)
    {
        var queue = redis.Queue;
        if (queue is null)
        {
            errors.Add("LogAnalyzer:Redis:Queue must be set.");
            return;
        }

        if (queue.Enabled && string.IsNullOrWhiteSpace(redis.Configuration))
        {
            errors.Add("LogAnalyzer:Redis:Queue:Enabled needs LogAnalyzer:Redis:Configuration (the Redis to queue through).");
        }

        if (string.IsNullOrWhiteSpace(queue.StreamName))
        {
            errors.Add("LogAnalyzer:Redis:Queue:StreamName must be set.");
        }

        if (string.IsNullOrWhiteSpace(queue.ConsumerGroup))
        {
            errors.Add("LogAnalyzer:Redis:Queue:ConsumerGroup must be set.");
        }

        if (queue.MaxLength < 1)
        {
            errors.Add($"LogAnalyzer:Redis:Queue:MaxLength must be at least 1; it is {queue.MaxLength}.");
        }

        if (queue.DeadLetterMaxLength < 1)
        {
            errors.Add($"LogAnalyzer:Redis:Queue:DeadLetterMaxLength must be at least 1; it is {queue.DeadLetterMaxLength}.");
        }

        LogAnalyzerOptionsValidator.AtLeast(errors, "Redis:Queue:ReadBatchSize", queue.ReadBatchSize, 1);
        LogAnalyzerOptionsValidator.AtLeast(errors, "Redis:Queue:MaxAttempts", queue.MaxAttempts, 1);
        LogAnalyzerOptionsValidator.Positive(errors, "Redis:Queue:PollInterval", queue.PollInterval);
        LogAnalyzerOptionsValidator.Positive(errors, "Redis:Queue:RetryBaseDelay", queue.RetryBaseDelay);
        LogAnalyzerOptionsValidator.Positive(errors, "Redis:Queue:ClaimIdleTime", queue.ClaimIdleTime);
        LogAnalyzerOptionsValidator.Positive(errors, "Redis:Queue:FallbackRetryInterval", queue.FallbackRetryInterval);
    }
}
