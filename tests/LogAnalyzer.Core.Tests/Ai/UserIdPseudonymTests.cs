using System.Security.Cryptography;
using System.Text;
using LogAnalyzer.Ai.Redaction;

namespace LogAnalyzer.Tests.Ai;

public sealed class UserIdPseudonymTests
{
    private const string Key = "0123456789abcdef-key";

    [Fact]
    public void Apply_UserIdInFieldsAndText_ReplacesEveryOccurrenceWithTheKeyedHash()
    {
        var entry = new LogEntry
        {
            Message = "Login failed for jane_doe_42 (jane_doe_42 locked)",
            MessageTemplate = "Login failed for jane_doe_42 ({User} locked)",
            Exception = "System.UnauthorizedAccessException: jane_doe_42",
            UserId = "jane_doe_42",
            Properties = new Dictionary<string, object?> { ["Account"] = "jane_doe_42", ["Attempts"] = 3, ["Note"] = "other" },
        };

        new UserIdPseudonym(Key).Apply(entry);

        var hash = Expected("jane_doe_42");
        Assert.Equal(hash, entry.UserId);
        Assert.Equal($"Login failed for {hash} ({hash} locked)", entry.Message);
        Assert.Equal($"Login failed for {hash} ({{User}} locked)", entry.MessageTemplate);
        Assert.Equal($"System.UnauthorizedAccessException: {hash}", entry.Exception);
        Assert.Equal(hash, entry.Properties!["Account"]);
        Assert.Equal(3, entry.Properties["Attempts"]);
        Assert.Equal("other", entry.Properties["Note"]);
    }

    [Fact]
    public void Apply_ShortUserId_ReplacesTheFieldButNotDigitsInTheText()
    {
        var entry = new LogEntry { Message = "Order 42 shipped in 42 hours", UserId = "42" };

        new UserIdPseudonym(Key).Apply(entry);

        Assert.Equal(Expected("42"), entry.UserId);
        Assert.Equal("Order 42 shipped in 42 hours", entry.Message);
    }

    [Fact]
    public void Apply_SameUserTwice_GivesTheSamePseudonymAndAnotherKeyAnother()
    {
        var (a, b, c) = (new LogEntry { UserId = "u1" }, new LogEntry { UserId = "u1" }, new LogEntry { UserId = "u1" });

        new UserIdPseudonym(Key).Apply(a);
        new UserIdPseudonym(Key).Apply(b);
        new UserIdPseudonym("another-key-0123456789").Apply(c);

        Assert.Equal(a.UserId, b.UserId);
        Assert.NotEqual(a.UserId, c.UserId);
        Assert.Equal(32, a.UserId!.Length);
    }

    private static string Expected(string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(userId))[..16]);
}
