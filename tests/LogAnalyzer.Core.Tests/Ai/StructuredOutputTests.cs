using LogAnalyzer.Ai.Chat;

namespace LogAnalyzer.Tests.Ai;

public sealed class StructuredOutputTests
{
    [Theory]
    [InlineData("""{"summary":"ok"}""")]
    [InlineData("```json\n{\"summary\":\"ok\"}\n```")]
    [InlineData("```\n{\"summary\":\"ok\"}\n```")]
    [InlineData("Here is the analysis:\n{\"summary\":\"ok\"}\nHope this helps.")]
    public void TryParseObject_JsonPlainFencedOrWrapped_ReadsTheObject(string answer)
    {
        Assert.True(StructuredOutput.TryParseObject(answer, out var document, out var error), error);
        using (document)
        {
            Assert.Equal("ok", StructuredOutput.String(document!.RootElement, "summary", 100));
        }
    }

    [Theory]
    [InlineData("", "the answer was empty")]
    [InlineData("I cannot help with that.", "the answer held no JSON object")]
    [InlineData("{\"summary\": \"unterminated}", "the answer was not valid JSON")]
    public void TryParseObject_NotJson_RefusesWithTheReason(string answer, string reason)
    {
        Assert.False(StructuredOutput.TryParseObject(answer, out var document, out var error));
        Assert.Null(document);
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseObject_OversizedAnswer_IsRefused()
    {
        var answer = "{\"summary\":\"" + new string('x', StructuredOutput.MaxAnswerLength) + "\"}";

        Assert.False(StructuredOutput.TryParseObject(answer, out _, out var error));
        Assert.Contains("more than the", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StringAndStrings_LongOrManyValues_AreCapped()
    {
        Assert.True(StructuredOutput.TryParseObject("""{"s":"abcdefghij","fixes":["a","","b","c"],"n":5}""", out var document, out _));
        using (document)
        {
            var root = document!.RootElement;
            Assert.Equal("abcd…", StructuredOutput.String(root, "s", 4));
            Assert.Null(StructuredOutput.String(root, "n", 4));
            Assert.Equal(["a", "b"], StructuredOutput.Strings(root, "fixes", 2, 10));
        }
    }
}
