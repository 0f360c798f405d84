using LogAnalyzer.Analysis;

namespace LogAnalyzer.Tests.Analysis;

public sealed class MessageTemplatesTests
{
    [Theory]
    [InlineData("User {UserId} logged in", "User <*> logged in")]
    [InlineData("Order {@Order} took {Elapsed:0.00} ms", "Order <*> took <*> ms")]
    [InlineData("Literal {{braces}} and {Hole}", "Literal {braces} and <*>")]
    [InlineData("No holes at all", "No holes at all")]
    [InlineData("Unclosed {hole", "Unclosed {hole")]
    public void ToWildcards_Template_ReplacesEveryHole(string template, string expected)
    {
        Assert.Equal(expected, MessageTemplates.ToWildcards(template));
    }
}
