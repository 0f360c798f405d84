using LogAnalyzer.Insights;

namespace LogAnalyzer.Tests.Insights;

public sealed class SearchQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 15, 30, 0, TimeSpan.Zero);
    private static readonly SearchVocabulary Vocabulary = new(
        ["/api/payment", "/api/orders", "/api/products/shoes", "/"],
        ["PAYMENT_GATEWAY_TIMEOUT", "DB_DEADLOCK", "CARD_DECLINED"],
        ["Berlin", "New York", "Paris"]);

    [Fact]
    public void Parse_WhyArePaymentsFailing_SelectsPaymentErrorsOfTheDefaultRange()
    {
        var intent = SearchQueryParser.Parse("Why are payments failing?", 24, Now, Vocabulary);

        Assert.Equal("payment", intent.Topic);
        Assert.Equal([LogEntryLevel.Error, LogEntryLevel.Critical], intent.Filter.Levels);
        Assert.Contains("payment", intent.Filter.EndpointTerms);
        Assert.Contains("PAYMENT", intent.Filter.ErrorCodeTerms);
        Assert.Equal((Now.AddHours(-24), Now), (intent.Filter.From, intent.Filter.To));
        Assert.Empty(intent.Filter.Words);
        Assert.Equal("payment errors in the last 24 h", intent.Describe());
    }

    [Theory]
    [InlineData("errors in the last 3 hours", 3 * 60)]
    [InlineData("what broke in the past 30 minutes", 30)]
    [InlineData("warnings last day", 24 * 60)]
    [InlineData("failures over the last 2 weeks", 14 * 24 * 60)]
    [InlineData("errors in the last 0 hours", 60)]
    [InlineData("errors in the last 000 minutes", 1)]
    public void Parse_TimeRanges_AreUnderstood(string question, int minutes)
    {
        var intent = SearchQueryParser.Parse(question, 24, Now, Vocabulary);

        Assert.Equal(TimeSpan.FromMinutes(minutes), intent.Filter.To - intent.Filter.From);
    }

    [Fact]
    public void Parse_YesterdayAndToday_AreCalendarDaysInUtc()
    {
        var yesterday = SearchQueryParser.Parse("errors yesterday", 24, Now, Vocabulary).Filter;
        var today = SearchQueryParser.Parse("errors today", 24, Now, Vocabulary).Filter;

        Assert.Equal((new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero)), (yesterday.From, yesterday.To));
        Assert.Equal((new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), Now), (today.From, today.To));
    }

    [Fact]
    public void Parse_StoreVocabularyUsersAndCities_BecomeFilters()
    {
        var intent = SearchQueryParser.Parse("Is user_123 seeing deadlock errors on orders in New York?", 24, Now, Vocabulary);

        Assert.Contains("orders", intent.Filter.EndpointTerms);
        Assert.Contains("DB_DEADLOCK", intent.Filter.ErrorCodeTerms);
        Assert.Equal(["New York"], intent.Filter.Cities);
        Assert.Equal(["user_123"], intent.Filter.UserIds);
        Assert.Empty(intent.Filter.Words);
    }

    [Fact]
    public void Parse_NothingKnownNamed_SearchesTheRemainingWords()
    {
        var intent = SearchQueryParser.Parse("anything about the inventory reservation?", 24, Now, Vocabulary);

        Assert.Equal(["inventory", "reservation"], intent.Filter.Words);
        Assert.Equal([LogEntryLevel.Warning, LogEntryLevel.Error, LogEntryLevel.Critical], intent.Filter.Levels);
    }
}
