using LogAnalyzer.Hosting.Health;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Health;

public sealed class SharedProbeTests
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private int _probes;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_WithinFreshPeriod_ReusesTheAnswerThenProbesAgain()
    {
        var probe = new SharedProbe<bool>(_time, FreshFor);

        Assert.True(await probe.GetAsync(Answer(true), Ct));
        _time.Advance(FreshFor - TimeSpan.FromMilliseconds(1));
        Assert.True(await probe.GetAsync(Answer(false), Ct));
        Assert.Equal(1, _probes);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await probe.GetAsync(Answer(false), Ct));
        Assert.Equal(2, _probes);
    }

    [Fact]
    public async Task GetAsync_CallersWhileAProbeRuns_ShareThatProbe()
    {
        var probe = new SharedProbe<bool>(_time, FreshFor);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 3).Select(_ => probe.GetAsync(() => { Interlocked.Increment(ref _probes); return answer.Task; }, Ct)).ToArray();
        answer.SetResult(true);

        var answers = await Task.WhenAll(callers);

        Assert.All(answers, Assert.True);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public async Task GetAsync_ACallerGivesUp_TheProbeStillAnswersTheOthers()
    {
        var probe = new SharedProbe<bool>(_time, FreshFor);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var givingUp = new CancellationTokenSource();

        var impatient = probe.GetAsync(() => { Interlocked.Increment(ref _probes); return answer.Task; }, givingUp.Token);
        var patient = probe.GetAsync(Answer(false), Ct);
        await givingUp.CancelAsync();
        answer.SetResult(true);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        Assert.True(await patient);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public async Task GetAsync_ProbeThrows_TheFailureIsReusedWhileFreshThenProbedAgain()
    {
        var probe = new SharedProbe<bool>(_time, FreshFor);
        Func<Task<bool>> failing = () =>
        {
            Interlocked.Increment(ref _probes);
            throw new InvalidOperationException("down");
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => probe.GetAsync(failing, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => probe.GetAsync(Answer(true), Ct));
        Assert.Equal(1, _probes);

        _time.Advance(FreshFor);
        Assert.True(await probe.GetAsync(Answer(true), Ct));
        Assert.Equal(2, _probes);
    }

    private Func<Task<bool>> Answer(bool value) => () =>
    {
        Interlocked.Increment(ref _probes);
        return Task.FromResult(value);
    };
}
