using LogAnalyzer.Analysis;
using LogAnalyzer.Anomalies;
using LogAnalyzer.Patterns;
using LogAnalyzer.Storage;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Analysis;

public sealed class EntryAnalyzerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Analyze_EntriesOfOneTemplate_ShareItsPatternTemplateAndId()
    {
        var analyzer = NewAnalyzer();
        // Equal text, different instances, as two events of one template may carry.
        var entries = new List<LogEntry>
        {
            Structured(new string("Order {OrderId} placed by {UserId}".AsSpan()), "Order 1 placed by u1"),
            Structured(new string("Order {OrderId} placed by {UserId}".AsSpan()), "Order 2 placed by u2"),
        };

        analyzer.Analyze(entries, 0, []);

        Assert.Equal("Order <*> placed by <*>", entries[0].Template);
        Assert.Equal(PatternId.For("Order <*> placed by <*>"), entries[0].PatternId);
        Assert.Same(entries[0].Template, entries[1].Template);
        Assert.Same(entries[0].PatternId, entries[1].PatternId);
    }

    [Fact]
    public void Analyze_MoreTemplatesThanItRemembers_ClassifiesEachByItsOwnTemplate()
    {
        var analyzer = NewAnalyzer();
        var entries = Enumerable.Range(0, 10_050).Select(i => Structured($"Step {i} took {{Elapsed}}", $"Step {i} took 5")).ToList();
        entries.Add(Structured("Step 0 took {Elapsed}", "Step 0 took 7"));

        analyzer.Analyze(entries, 0, []);

        Assert.All(entries, e => Assert.Equal(PatternId.For(MessageTemplates.ToWildcards(e.MessageTemplate!)), e.PatternId));
        Assert.Equal("Step 0 took <*>", entries[^1].Template);
        Assert.Equal(entries[0].PatternId, entries[^1].PatternId);
    }

    [Fact]
    public void Analyze_ErrorWithExceptionAndTemplate_KeepsTheTemplateAndGroupsByTheException()
    {
        var analyzer = NewAnalyzer();
        var failed = Structured("Payment {PaymentId} failed", "Payment 7 failed");
        failed.Level = LogEntryLevel.Error;
        failed.Exception = "System.TimeoutException: The gateway did not answer.\n   at Shop.Payments.Charge()";
        var entries = new List<LogEntry> { Structured("Payment {PaymentId} failed", "Payment 6 failed"), failed };

        analyzer.Analyze(entries, 0, []);

        Assert.Equal("Payment <*> failed", failed.Template);
        Assert.NotEqual(entries[0].PatternId, failed.PatternId);
        Assert.Equal(PatternId.For("exception\n" + ExceptionFingerprint.Of(failed.Exception)), failed.PatternId);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    public void Analyze_PatternsMergedLaterInTheBatch_EarlierEntriesTakeTheMergedPattern(int firstCall)
    {
        var analyzer = NewAnalyzer();
        var merges = new List<PatternMerge>();
        var entries = new List<LogEntry>();
        foreach (var user in new[] { "webmaster", "admin", "test", "oracle" }.Take(firstCall))
        {
            entries.Add(Free($"Invalid user {user} from 10.0.0.1"));
        }

        analyzer.Analyze(entries, 0, merges);
        if (firstCall < 4)
        {
            // The batch grows while the previous one is written: the fourth arrives in a second call.
            entries.Add(Free("Invalid user oracle from 10.0.0.1"));
            analyzer.Analyze(entries, firstCall, merges);
        }

        Assert.Equal(3, merges.Count);
        Assert.All(entries, e => Assert.Equal((PatternId.For("Invalid user <*> from <*>"), "Invalid user <*> from <*>"), (e.PatternId, e.Template)));
    }

    [Fact]
    public void Analyze_MergeTakesInAStructuredTemplatesPattern_StructuredEntryKeepsItsTemplatesPattern()
    {
        // After a restart the miner knows the structured template's pattern, and free text can generalise it; entries
        // that carry the template keep its pattern in every batch, so they do in this one too.
        var miner = new TemplateMiner(new PatternOptions());
        miner.Restore([new MinedPattern(PatternId.For("Invalid user webmaster from <*>"), "Invalid user webmaster from <*>", 5, [])]);
        var analyzer = new EntryAnalyzer(miner, new AnomalyScorer(new AnomalyOptions(), new FakeTimeProvider(Start)));
        var structured = Structured("Invalid user webmaster from {Ip}", "Invalid user webmaster from 10.0.0.9");
        var entries = new List<LogEntry> { structured };
        entries.AddRange(new[] { "admin", "test", "oracle" }.Select(u => Free($"Invalid user {u} from 10.0.0.1")));
        var merges = new List<PatternMerge>();

        analyzer.Analyze(entries, 0, merges);

        Assert.Contains(merges, m => m.FromId == PatternId.For("Invalid user webmaster from <*>"));
        Assert.Equal(PatternId.For("Invalid user webmaster from <*>"), structured.PatternId);
        Assert.Equal(PatternId.For("Invalid user <*> from <*>"), entries[^1].PatternId);
    }

    private static EntryAnalyzer NewAnalyzer() =>
        new(new TemplateMiner(new PatternOptions()), new AnomalyScorer(new AnomalyOptions(), new FakeTimeProvider(Start)));

    private static LogEntry Free(string message) => new() { Timestamp = Start, Level = LogEntryLevel.Information, Message = message };

    private static LogEntry Structured(string template, string message) => new()
    {
        Timestamp = Start,
        Level = LogEntryLevel.Information,
        Message = message,
        MessageTemplate = template,
    };
}
