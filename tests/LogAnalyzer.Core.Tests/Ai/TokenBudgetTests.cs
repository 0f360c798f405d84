using NSubstitute;
using LogAnalyzer.Ai.Chat;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Ai;

public sealed class TokenBudgetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryReserve_MinuteSpent_RefusesUntilTheNextMinute()
    {
        var budget = new TokenBudget(new AiOptions { TokensPerMinute = 1_000, TokensPerDay = 10_000 }, _time);
        Assert.True(budget.TryReserve(800, out _, out _));
        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.False(budget.TryReserve(300, out var window, out var retryAfter));
        Assert.Equal("minute", window);
        Assert.Equal(TimeSpan.FromSeconds(45), retryAfter);

        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.True(budget.TryReserve(300, out _, out _));
    }

    [Fact]
    public void TryReserve_DaySpent_RefusesUntilMidnightUtc()
    {
        var budget = new TokenBudget(new AiOptions { TokensPerMinute = 1_000, TokensPerDay = 1_500 }, _time);
        Assert.True(budget.TryReserve(1_000, out _, out _));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(budget.TryReserve(600, out var window, out var retryAfter));
        Assert.Equal("day", window);
        Assert.Equal(TimeSpan.FromHours(14) - TimeSpan.FromMinutes(1), retryAfter);
    }

    [Fact]
    public void Settle_FewerTokensUsedThanReserved_ReturnsTheDifference()
    {
        var budget = new TokenBudget(new AiOptions { TokensPerMinute = 1_000, TokensPerDay = 10_000 }, _time);
        Assert.True(budget.TryReserve(900, out _, out _));

        budget.Settle(reserved: 900, used: 250);

        Assert.Equal((250, 250), budget.Spent);
        Assert.True(budget.TryReserve(700, out _, out _));
    }

    [Fact]
    public async Task GetResponseAsync_CallFails_ReturnsTheReservation()
    {
        var options = new AiOptions { TokensPerMinute = 10_000, TokensPerDay = 100_000 };
        var budget = new TokenBudget(options, _time);
        var inner = NSubstitute.Substitute.For<Microsoft.Extensions.AI.IChatClient>();
        inner.GetResponseAsync(default!, default, TestContext.Current.CancellationToken).ReturnsForAnyArgs<Task<Microsoft.Extensions.AI.ChatResponse>>(_ => throw new HttpRequestException("connection refused"));
        using var metrics = new LogAnalyzer.Diagnostics.LogAnalyzerMetrics();
        using var client = new TokenBudgetChatClient(inner, budget, options, metrics);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync([new(Microsoft.Extensions.AI.ChatRole.User, "hello")], null, TestContext.Current.CancellationToken));

        Assert.Equal((0, 0), budget.Spent);
    }
}
