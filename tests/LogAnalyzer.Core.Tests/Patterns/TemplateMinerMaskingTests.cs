using LogAnalyzer.Patterns;

namespace LogAnalyzer.Tests.Patterns;

public sealed class TemplateMinerMaskingTests
{
    [Theory]
    [InlineData("number", "retry 12 of 30", "retry <*> of <*>")]
    [InlineData("negative and decimal", "offset -24.5 applied", "offset <*> applied")]
    [InlineData("hex", "flags 0x1f set", "flags <*> set")]
    [InlineData("bare hex id", "window de9231d closed", "window <*> closed")]
    [InlineData("IPv4", "connect from 10.251.42.84 ok", "connect from <*> ok")]
    [InlineData("IPv4 with port", "connect from /10.251.42.84:50010 ok", "connect from <*> ok")]
    [InlineData("IPv6", "connect from fe80::1ff:fe23:4567:890a ok", "connect from <*> ok")]
    [InlineData("host with port", "connect to msra-sa-41:8030 ok", "connect to <*> ok")]
    [InlineData("GUID", "order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 paid", "order <*> paid")]
    [InlineData("URL", "fetch https://example.com/a/b?c=1 done", "fetch <*> done")]
    [InlineData("path", "open /var/lib/app/data.db failed", "open <*> failed")]
    [InlineData("Windows path", @"open C:\Users\app\data.db failed", "open <*> failed")]
    [InlineData("e-mail", "mail to jane.doe@example.com sent", "mail to <*> sent")]
    [InlineData("date and time", "started 2017-06-09T20:10:46 at 20:10:46,123", "started <*> at <*>")]
    [InlineData("date over several tokens", "connection at Wed Jun 22 13:16:30 2005 refused", "connection at <*> refused")]
    [InlineData("syslog date", "last seen Jun 9 06:06:20 by cron", "last seen <*> by cron")]
    [InlineData("ISO date and time", "since 2005-06-22 13:16:30,123 ok", "since <*> ok")]
    [InlineData("duration", "took 12ms total", "took <*> total")]
    [InlineData("size", "stored 3KB block", "stored <*> block")]
    [InlineData("size with a separate unit", "estimated size 5.2 KB, free 1 GB", "estimated size <*>, free <*>")]
    [InlineData("key=value", "acquire lock=233570404, flags=0x1", "acquire lock=<*>, flags=<*>")]
    [InlineData("key=URL keeps the key", "open dat=file:///sdcard/a.apk now", "open dat=<*> now")]
    [InlineData("quoted value with spaces", "acquire tag=\"View Lock\", uid=1000", "acquire tag=\"<*>\", uid=<*>")]
    [InlineData("boolean", "interactive=true down false", "interactive=<*> down <*>")]
    [InlineData("block id", "Deleting block blk_-1727475099218615100 now", "Deleting block <*> now")]
    [InlineData("job id", "Adding job token for job_1445144423722_0020 to manager", "Adding job token for <*> to manager")]
    [InlineData("attempt id", "Progress of TaskAttempt attempt_1445144423722_0020_m_000003_0 is", "Progress of TaskAttempt <*> is")]
    [InlineData("container id", "Assigned container container_1445144423722_0020_01_000002 to x", "Assigned container <*> to x")]
    [InlineData("application attempt id", "Created for application appattempt_1445144423722_0020_000001", "Created for application <*>")]
    [InlineData("punctuation kept", "Finished task 3.0 in stage 0.0 (TID 3). 2703 bytes", "Finished task <*> in stage <*> (TID <*>). <*> bytes")]
    [InlineData("prefix kept", "node node-69 and core.2275", "node node-<*> and core.<*>")]
    [InlineData("words with digits kept", "Failed password port 22 ssh2 via alt0", "Failed password port <*> ssh2 via alt0")]
    public void Mine_BuiltInMask_WritesTheTemplate(string kind, string message, string template)
    {
        var miner = new TemplateMiner(new PatternOptions());

        var mined = miner.Mine(message);

        Assert.True(template == mined.Template, $"{kind}: expected '{template}', got '{mined.Template}'");
    }

    [Fact]
    public void Mine_RepeatedWhitespace_JoinsTokensWithOneSpace()
    {
        var miner = new TemplateMiner(new PatternOptions());

        Assert.Equal("risBoot (command <*>)", miner.Mine("  risBoot  \t(command 1903) ").Template);
    }

    [Fact]
    public void Mine_UserMask_MasksMatchingTokens()
    {
        var options = new PatternOptions();
        options.Masks["order"] = "ORD-[A-Z]+";
        var miner = new TemplateMiner(options);

        var mined = miner.Mine("order ORD-ABC shipped (ORD-XYZ)");

        Assert.Equal("order <*> shipped (<*>)", mined.Template);
        Assert.Equal(["ORD-ABC", "ORD-XYZ"], mined.Parameters);
    }

    [Fact]
    public void Constructor_InvalidUserMask_ThrowsNamingTheMask()
    {
        var options = new PatternOptions();
        options.Masks["broken"] = "([a-z";

        var error = Assert.Throws<ArgumentException>(() => new TemplateMiner(options));

        Assert.Contains("Masks:broken", error.Message, StringComparison.Ordinal);
    }
}
