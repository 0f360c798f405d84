using LogAnalyzer.Alerts;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>An open alert about a pattern follows the pattern when the miner generalises it.</summary>
public sealed class PatternMergeAlertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EvaluateAsync_PatternGeneralisedWhileItsAlertIsOpen_UpdatesThatAlertInsteadOfClearingItAndRaisingAnother()
    {
        await using var scenario = await NewPatternScenarioAsync();
        await ErrorsAsync(scenario, "p_invoice_42", "Invoice 42 could not be rendered");
        await scenario.EvaluateAndWaitAsync();
        await scenario.EvaluateAndWaitAsync();
        Assert.Equal(["raised:NEW_PATTERN"], await scenario.NotifiedAsync());

        // The miner generalises the pattern; the same errors go on under the generalised pattern.
        await scenario.Store.RecordMergesAsync([new PatternMerge("p_invoice_42", "p_invoice_any")], Ct);
        await GoOnAsync(scenario);

        // The growing incident may escalate its one alert; it is never cleared while the errors go on, nor raised twice.
        var notified = await scenario.NotifiedAsync();
        Assert.Single(notified, n => n == "raised:NEW_PATTERN");
        Assert.DoesNotContain("cleared:NEW_PATTERN", notified);
        var open = Assert.Single(await scenario.Store.GetOpenAlertsAsync(Ct));
        Assert.Equal("NEW_PATTERN:p_invoice_any", open.Fingerprint);
    }

    [Fact]
    public async Task EvaluateAsync_TwoAlertedPatternsGeneraliseIntoOne_OneAlertGoesOnAndTheOtherIsResolvedAsMergedIntoIt()
    {
        await using var scenario = await NewPatternScenarioAsync();
        await ErrorsAsync(scenario, "p_invoice_42", "Invoice 42 could not be rendered");
        await ErrorsAsync(scenario, "p_invoice_43", "Invoice 43 could not be rendered");
        await scenario.EvaluateAndWaitAsync();
        await scenario.EvaluateAndWaitAsync();
        Assert.Equal(["raised:NEW_PATTERN", "raised:NEW_PATTERN"], await scenario.NotifiedAsync());

        await scenario.Store.RecordMergesAsync([new PatternMerge("p_invoice_42", "p_invoice_any"), new PatternMerge("p_invoice_43", "p_invoice_any")], Ct);
        await GoOnAsync(scenario);

        var notified = await scenario.NotifiedAsync();
        Assert.Equal(2, notified.Count(n => n == "raised:NEW_PATTERN"));
        Assert.Single(notified, n => n == "resolved:NEW_PATTERN");
        Assert.DoesNotContain("cleared:NEW_PATTERN", notified);
        var open = Assert.Single(await scenario.Store.GetOpenAlertsAsync(Ct));
        Assert.Equal("NEW_PATTERN:p_invoice_any", open.Fingerprint);
        var joined = Assert.Single([
            .. await scenario.Store.GetResolvedAsync("NEW_PATTERN:p_invoice_42", 1, Ct),
            .. await scenario.Store.GetResolvedAsync("NEW_PATTERN:p_invoice_43", 1, Ct)]);
        Assert.Equal($"merged into alert {open.AlertId}: its pattern generalised into p_invoice_any", joined.ResolutionNote);
    }

    private static async Task<AlertScenario> NewPatternScenarioAsync()
    {
        var scenario = await AlertScenario.StartAsync(rules: [new NewPatternRule()]);
        // Past the learning period: a pattern first seen now is news.
        await scenario.TrafficAsync(minutes: 90, perMinute: 20, failureShare: 0);
        return scenario;
    }

    /// <summary>Five evaluations while the same errors go on under the generalised pattern.</summary>
    private static async Task GoOnAsync(AlertScenario scenario)
    {
        for (var i = 0; i < 5; i++)
        {
            await ErrorsAsync(scenario, "p_invoice_any", "Invoice <*> could not be rendered");
            await scenario.EvaluateAndWaitAsync();
        }
    }

    private static async Task ErrorsAsync(AlertScenario scenario, string patternId, string template)
    {
        var now = scenario.Time.GetUtcNow();
        await scenario.Store.AppendAsync(
            [.. Enumerable.Range(0, 10).Select(i => new LogEntry
            {
                Timestamp = now.AddSeconds(-i),
                Level = LogEntryLevel.Error,
                Message = template,
                PatternId = patternId,
                Template = template,
            })],
            Ct);
    }
}
