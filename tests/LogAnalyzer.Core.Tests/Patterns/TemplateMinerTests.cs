using LogAnalyzer.Patterns;

namespace LogAnalyzer.Tests.Patterns;

public sealed class TemplateMinerTests
{
    [Fact]
    public void Mine_SameMessageInTwoMiners_GivesTheSameId()
    {
        var first = new TemplateMiner(new PatternOptions());
        var second = new TemplateMiner(new PatternOptions());

        var a = first.Mine("Received block blk_123 of size 67108864 from /10.251.42.84");
        var b = second.Mine("Received block blk_987 of size 1024 from /10.0.0.1");

        Assert.Equal(a.PatternId, b.PatternId);
        Assert.Equal("Received block <*> of size <*> from <*>", b.Template);
    }

    [Fact]
    public void Mine_AnyTemplate_IdIsSixteenHexDigitsOfTheTemplate()
    {
        var miner = new TemplateMiner(new PatternOptions());

        var mined = miner.Mine("Connection closed by 10.0.0.1 [preauth]");

        Assert.Matches("^[0-9a-f]{16}$", mined.PatternId);
        Assert.Equal(PatternId.For("Connection closed by <*> [preauth]"), mined.PatternId);
        Assert.NotEqual(PatternId.For("Connection closed by <*> [postauth]"), mined.PatternId);
    }

    [Fact]
    public void Mine_Variables_ReturnsTheirSourceText()
    {
        var miner = new TemplateMiner(new PatternOptions());

        var mined = miner.Mine("Finished task 3.0 in stage 0.0 (TID 3). 2703 bytes result sent to driver");

        Assert.Equal("Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver", mined.Template);
        Assert.Equal(["3.0", "0.0", "3", "2703"], mined.Parameters);
    }

    [Fact]
    public void Mine_NoVariables_ReturnsNoParameters()
    {
        var miner = new TemplateMiner(new PatternOptions());

        Assert.Empty(miner.Mine("Interrupted while waiting for message on queue").Parameters);
    }

    [Fact]
    public void Mine_WordThatVaries_GeneralisesAfterFourDistinctValues()
    {
        var miner = new TemplateMiner(new PatternOptions());
        var ids = new[] { "webmaster", "admin", "test" }.Select(u => miner.Mine($"Invalid user {u} from 10.0.0.1").PatternId).ToList();
        Assert.Equal(3, ids.Distinct().Count());

        var fourth = miner.Mine("Invalid user oracle from 10.0.0.2");

        Assert.Equal("Invalid user <*> from <*>", fourth.Template);
        Assert.Equal(["oracle", "10.0.0.2"], fourth.Parameters);
        Assert.All(ids, id => Assert.Equal(fourth.PatternId, miner.Resolve(id)));
        Assert.Equal(fourth.PatternId, miner.Mine("Invalid user webmaster from 10.0.0.1").PatternId);
    }

    [Fact]
    public void Mine_FewDistinctWords_KeepsThemApart()
    {
        var miner = new TemplateMiner(new PatternOptions());

        var on = miner.Mine("onReceive action: android.intent.action.SCREEN_ON");
        var off = miner.Mine("onReceive action: android.intent.action.SCREEN_OFF");

        Assert.NotEqual(on.PatternId, off.PatternId);
        Assert.Equal("onReceive action: android.intent.action.SCREEN_OFF", off.Template);
    }

    [Fact]
    public void Mine_SameKeyDifferentValue_GeneralisesTheValueAndKeepsTheKey()
    {
        var miner = new TemplateMiner(new PatternOptions());
        var first = miner.Mine("acquire lock=1, tag=\"AudioMix\", name=audioserver, uid=1041");

        var second = miner.Mine("acquire lock=2, tag=\"RILJ_ACK_WL\", name=com.android.phone, uid=1001");

        Assert.Equal("acquire lock=<*>, tag=\"<*>\", name=<*>, uid=<*>", second.Template);
        Assert.Equal(["2", "RILJ_ACK_WL", "com.android.phone", "1001"], second.Parameters);
        Assert.Equal(second.PatternId, miner.Resolve(first.PatternId));
    }

    [Fact]
    public void Resolve_ChainOfGeneralisations_FollowsItToTheLivePattern()
    {
        var miner = new TemplateMiner(new PatternOptions());
        var first = miner.Mine("user=alice role=admin");
        var second = miner.Mine("user=bob role=admin");
        var third = miner.Mine("user=carol role=viewer");

        Assert.Equal("user=<*> role=<*>", third.Template);
        Assert.Equal(third.PatternId, miner.Resolve(first.PatternId));
        Assert.Equal(third.PatternId, miner.Resolve(second.PatternId));
        Assert.NotEqual(first.PatternId, second.PatternId);
        Assert.Equal(third.PatternId, miner.Resolve(third.PatternId));
    }

    [Fact]
    public void Resolve_UnknownId_ReturnsIt()
    {
        var miner = new TemplateMiner(new PatternOptions());

        Assert.Equal("0123456789abcdef", miner.Resolve("0123456789abcdef"));
    }

    [Fact]
    public void Mine_MorePatternsThanTheBound_EvictsTheLeastRecentlyUsed()
    {
        var miner = new TemplateMiner(new PatternOptions { MaxPatterns = 3 });
        var a = miner.Mine("alpha happened");
        var b = miner.Mine("beta happened");
        miner.Mine("gamma happened");
        miner.Mine("alpha happened");

        miner.Mine("delta happened");

        Assert.Equal(1, miner.Evictions);
        var live = miner.Snapshot().Select(p => p.Id).ToHashSet();
        Assert.Equal(3, live.Count);
        Assert.Contains(a.PatternId, live);
        Assert.DoesNotContain(b.PatternId, live);

        miner.Mine("epsilon happened");
        miner.Mine("zeta happened");
        Assert.Equal(3, miner.Evictions);
        Assert.Equal(3, miner.Snapshot().Count);
    }

    [Fact]
    public void Mine_ManyDistinctPatterns_StaysWithinTheBoundAndKeepsTheRecentOnes()
    {
        var miner = new TemplateMiner(new PatternOptions { MaxPatterns = 200 });
        var words = Enumerable.Range(0, 1_000).Select(i => $"{(char)('a' + (i / 26 / 26 % 26))}{(char)('a' + (i / 26 % 26))}{(char)('a' + (i % 26))}").ToList();

        var ids = words.Select(w => miner.Mine($"{w} happened").PatternId).ToList();

        var live = miner.Snapshot().Select(p => p.Id).ToHashSet();
        Assert.InRange(live.Count, 190, 200);
        Assert.Equal(1_000 - live.Count, miner.Evictions);
        Assert.All(ids.TakeLast(150), id => Assert.Contains(id, live));
        Assert.All(ids.Take(700), id => Assert.DoesNotContain(id, live));
    }

    [Fact]
    public void Mine_EvictedPatternSeenAgain_ComesBackWithTheSameId()
    {
        var miner = new TemplateMiner(new PatternOptions { MaxPatterns = 1 });
        var first = miner.Mine("alpha happened");
        miner.Mine("beta happened");

        var again = miner.Mine("alpha happened");

        Assert.Equal(first.PatternId, again.PatternId);
        Assert.Equal(2, miner.Evictions);
    }

    [Fact]
    public void Restore_Snapshot_NewMinerGivesTheSameIdsAndResolvesOldOnes()
    {
        var miner = new TemplateMiner(new PatternOptions());
        var old = miner.Mine("user=alice role=admin");
        var general = miner.Mine("user=bob role=viewer");
        var other = miner.Mine("Connection closed by 10.0.0.1 [preauth]");
        var snapshot = miner.Snapshot();

        var restarted = new TemplateMiner(new PatternOptions());
        restarted.Restore(snapshot);

        Assert.Equal(
            snapshot.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => (p.Id, p.Template, p.Count)),
            restarted.Snapshot().OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => (p.Id, p.Template, p.Count)));
        Assert.Equal(general.PatternId, restarted.Resolve(old.PatternId));
        Assert.Equal(general.PatternId, restarted.Mine("user=carol role=guest").PatternId);
        Assert.Equal(other.PatternId, restarted.Mine("Connection closed by 10.9.9.9 [preauth]").PatternId);
        Assert.Equal(2, snapshot.Single(p => p.Id == general.PatternId).Count);
        Assert.Equal(2, snapshot.Single(p => p.Id == general.PatternId).TokenCount);
    }

    [Fact]
    public void Mine_EmptyOrBlankMessage_GivesTheEmptyTemplate()
    {
        var miner = new TemplateMiner(new PatternOptions());

        var empty = miner.Mine(string.Empty);
        var blank = miner.Mine(" \t ");

        Assert.Equal(string.Empty, empty.Template);
        Assert.Equal(empty.PatternId, blank.PatternId);
        Assert.Empty(blank.Parameters);
    }

    [Fact]
    public void Mine_ArbitraryText_NeverThrowsAndParametersMatchTheTemplate()
    {
        var random = new Random(1234);
        const string alphabet = "ab019xZ_-.:/=<>*()[]{}\"',;@#|+ \t\u00e9\u4e2d";
        var miner = new TemplateMiner(new PatternOptions { MaxPatterns = 50 });

        for (var i = 0; i < 5_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            var mined = miner.Mine(new string(chars));

            var wildcards = mined.Template.Split("<*>").Length - 1;
            Assert.Equal(wildcards, mined.Parameters.Count);
            Assert.Equal(mined.PatternId, PatternId.For(mined.Template));
        }

        Assert.True(miner.Snapshot().Count <= 50);
    }
}
