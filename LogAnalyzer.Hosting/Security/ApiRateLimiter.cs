using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Security;

/// <summary>
/// A fixed window per client (API key, else IP address) over the LogAnalyzer endpoints: the rate limiter of
/// System.Threading.RateLimiting that ASP.NET Core's middleware uses, applied by the endpoint filter so the host
/// need not call <c>UseRateLimiter()</c>.
/// </summary>
internal sealed class ApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly TimeSpan _window;

    public ApiRateLimiter(IOptions<LogAnalyzerOptions> options)
    {
        var rate = options.Value.Security.RateLimit;
        _window = rate.Window;
        if (rate.Enabled)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
                client,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = rate.PermitLimit, Window = rate.Window, QueueLimit = 0 }));
        }
    }

    /// <summary>Takes one permit of <paramref name="client"/>; returns <see langword="null"/> when granted, else when to retry.</summary>
    public TimeSpan? TryAcquire(string client)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _window;
    }

    public void Dispose() => _limiter?.Dispose();
}
