using System.Text.Json;
using LogAnalyzer.Ai.Redaction;
using LogAnalyzer.Pipeline;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Ai;

public sealed class EntryRedactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Redact_SecretsInTextFieldsAndProperties_RemovesThemAll()
    {
        var entry = Entries.Info("login failed for jane.doe@example.com with password=hunter2");
        entry.MessageTemplate = "login failed for jane.doe@example.com with password=hunter2"; // an interpolated string
        entry.Exception = "System.Exception: bad token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        entry.Endpoint = "/api/reset?token=abc123def456";
        entry.Properties = new Dictionary<string, object?>
        {
            ["Password"] = "hunter2",
            ["Contact"] = "bob@example.com",
            ["Attempt"] = 3,
            ["Request"] = JsonDocument.Parse("""{"user":"bob","api_key":"k-123","notes":["call +44 20 7946 0958"]}""").RootElement,
        };

        new EntryRedaction(new LogRedactor(new RedactionOptions())).Redact(entry);

        Assert.Equal("login failed for [email] with password=[redacted]", entry.Message);
        Assert.Equal("login failed for [email] with password=[redacted]", entry.MessageTemplate);
        Assert.Equal("System.Exception: bad token [jwt]", entry.Exception);
        Assert.Equal("/api/reset?token=[redacted]", entry.Endpoint);
        var properties = entry.Properties!;
        Assert.Equal("[redacted]", properties["Password"]);
        Assert.Equal("[email]", properties["Contact"]);
        Assert.Equal(3, properties["Attempt"]);
        Assert.Equal("""{"user":"bob","api_key":"[redacted]","notes":["call [phone]"]}""", ((JsonElement)properties["Request"]!).GetRawText());
    }

    [Fact]
    public void Redact_NothingToRemove_KeepsTheSameStringsAndProperties()
    {
        var entry = Entries.Info("GET /api/cart responded 200 in 12ms");
        var message = entry.Message;
        var properties = new Dictionary<string, object?> { ["Attempt"] = 3, ["Step"] = "cart" };
        entry.Properties = properties;

        new EntryRedaction(new LogRedactor(new RedactionOptions())).Redact(entry);

        Assert.Same(message, entry.Message);
        Assert.Same(properties, entry.Properties);
    }

    [Fact]
    public async Task Engine_DefaultOptions_StoresEntriesRedacted()
    {
        using var folder = new TempDirectory();
        await using var engine = await LogAnalyzerEngine.StartAsync(new LogAnalyzerOptions { Sqlite = { Path = folder.File("logs.db") } }, cancellationToken: Ct);
        var entries = RedactionCorpus.Secrets.Select(line => Entries.Info(line)).ToList();

        Assert.Equal(EnqueueResult.Committed, await engine.Pipeline.EnqueueAsync(entries, Ct));

        var stored = (await engine.Store.QueryAsync(new LogQuery { Limit = 100 }, Ct)).Entries;
        Assert.Equal(entries.Count, stored.Count);
        var text = string.Join('\n', stored.Select(e => e.Message));
        Assert.All(RedactionCorpus.Cases.SelectMany(c => c.Sensitive), secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        Assert.Empty((await engine.Store.QueryAsync(new LogQuery { Text = "hunter2" }, Ct)).Entries);
    }

    [Fact]
    public async Task Engine_RedactStoredEntriesOff_StoresEntriesAsLogged()
    {
        using var folder = new TempDirectory();
        var options = new LogAnalyzerOptions { Sqlite = { Path = folder.File("logs.db") }, Ai = { Redaction = { RedactStoredEntries = false } } };
        await using var engine = await LogAnalyzerEngine.StartAsync(options, cancellationToken: Ct);

        Assert.Equal(EnqueueResult.Committed, await engine.Pipeline.EnqueueAsync([Entries.Info("login failed for jane.doe@example.com")], Ct));

        Assert.Equal("login failed for jane.doe@example.com", Assert.Single((await engine.Store.QueryAsync(new LogQuery(), Ct)).Entries).Message);
    }
}
