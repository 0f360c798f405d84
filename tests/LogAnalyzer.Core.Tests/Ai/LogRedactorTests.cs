using LogAnalyzer.Ai.Redaction;

namespace LogAnalyzer.Tests.Ai;

public sealed class LogRedactorTests
{
    private readonly LogRedactor _redactor = new(new RedactionOptions());

    public static TheoryData<string> SecretLines() => [.. RedactionCorpus.Secrets];

    public static TheoryData<string> HarmlessLines() => [.. RedactionCorpus.Harmless];

    [Theory]
    [MemberData(nameof(SecretLines))]
    public void Redact_LineWithSecret_RemovesEverySensitivePart(string line)
    {
        var redacted = _redactor.Redact(line);

        Assert.All(RedactionCorpus.SensitiveParts(line), part => Assert.DoesNotContain(part, redacted, StringComparison.Ordinal));
        Assert.Matches(@"\[(email|card|token|jwt|api-key|credentials|redacted|phone|ip)\]", redacted);
    }

    [Theory]
    [MemberData(nameof(HarmlessLines))]
    public void Redact_LineWithoutSecret_ReturnsItUnchanged(string line)
    {
        Assert.Equal(line, _redactor.Redact(line));
    }

    [Fact]
    public void Redact_KeyValueSecret_KeepsTheNameAndDropsTheValue()
    {
        Assert.Equal("GET /api/login?user=bob&password=[redacted]&next=/home", _redactor.Redact("GET /api/login?user=bob&password=hunter2&next=/home"));
    }

    [Fact]
    public void Redact_IpAddressesKeptByOption_LeavesThemButStillRemovesSecrets()
    {
        var redactor = new LogRedactor(new RedactionOptions { IpAddresses = false, EmailAddresses = false });

        Assert.Equal("203.0.113.42 jane@example.com token=[redacted]", redactor.Redact("203.0.113.42 jane@example.com token=abc123"));
    }
}
