namespace LogAnalyzer.Ai.Chat;

/// <summary>
/// Tokens that may still be spent this minute and this day (UTC), from <see cref="AiOptions.TokensPerMinute"/> and
/// <see cref="AiOptions.TokensPerDay"/>. A call reserves its worst case first (its prompt and the full answer
/// limit, which is what Cerebras charges when a request starts) and settles on what the model reports using.
/// </summary>
internal sealed class TokenBudget(AiOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _minute = -1;
    private long _day = -1;
    private long _minuteUsed;
    private long _dayUsed;

    /// <summary>Reserves <paramref name="tokens"/>; when that would overspend a window, reserves nothing and names it.</summary>
    public bool TryReserve(long tokens, out string? window, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = Roll();
            if (_dayUsed + tokens > options.TokensPerDay)
            {
                (window, retryAfter) = ("day", TimeSpan.FromDays(_day + 1) - TimeSpan.FromTicks(now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks));
                return false;
            }

            if (_minuteUsed + tokens > options.TokensPerMinute)
            {
                (window, retryAfter) = ("minute", TimeSpan.FromMinutes(_minute + 1) - TimeSpan.FromTicks(now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks));
                return false;
            }

            _minuteUsed += tokens;
            _dayUsed += tokens;
            (window, retryAfter) = (null, TimeSpan.Zero);
            return true;
        }
    }

    /// <summary>Replaces a reservation by the tokens actually used, in the windows still current.</summary>
    public void Settle(long reserved, long used)
    {
        lock (_lock)
        {
            var (minute, day) = (_minute, _day);
            Roll();
            var correction = used - reserved;
            if (_minute == minute)
            {
                _minuteUsed = Math.Max(0, _minuteUsed + correction);
            }

            if (_day == day)
            {
                _dayUsed = Math.Max(0, _dayUsed + correction);
            }
        }
    }

    /// <summary>Tokens spent in the current minute and day (for health and tests).</summary>
    public (long Minute, long Day) Spent
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return (_minuteUsed, _dayUsed);
            }
        }
    }

    private DateTimeOffset Roll()
    {
        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        if (seconds / 60 != _minute)
        {
            (_minute, _minuteUsed) = (seconds / 60, 0);
        }

        if (seconds / 86_400 != _day)
        {
            (_day, _dayUsed) = (seconds / 86_400, 0);
        }

        return now;
    }
}
