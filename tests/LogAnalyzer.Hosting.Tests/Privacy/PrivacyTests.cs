using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LogAnalyzer.Tests.Privacy;

/// <summary>What reaches the store by default (secrets, cards, e-mail addresses removed) and with pseudonymous user ids.</summary>
public sealed class PrivacyTests
{
    private const string HashKey = "rotate-me-yearly-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostLogsBatch_DefaultSettings_StoresNoSecretCardOrEmailAddress()
    {
        await using var host = await ApiHost.StartAsync();
        var logs = new[]
        {
            new { level = "error", message = "Charge failed for card 4111 1111 1111 1111 (jane.doe@example.com)", errorCode = "PAYMENT_DECLINED" },
            new { level = "warn", message = "Retrying with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", errorCode = "AUTH" },
            new { level = "info", message = "Connecting to postgres://app:Sup3rS3cret@db.internal:5432/shop with password=hunter2", errorCode = "DB" },
        };

        var response = await host.Client.PostAsJsonAsync("/api/logs/batch", new { logs }, Ct);
        var stored = await StoredMessagesAsync(host);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, stored.Count);
        foreach (var secret in new[] { "4111 1111 1111 1111", "jane.doe@example.com", "eyJhbGciOiJIUzI1NiJ9", "Sup3rS3cret", "hunter2" })
        {
            Assert.DoesNotContain(stored, m => m.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Contains(stored, m => m.Contains("\"Charge failed for card", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostLogsBatch_UserIdHashKey_StoresPseudonymsAndBlastRadiusStillCountsDistinctUsers()
    {
        await using var host = await ApiHost.StartAsync(o => o.Ai.Redaction.UserIdHashKey = HashKey);
        var now = host.Time.GetUtcNow();
        var logs = Enumerable.Range(0, 30).Select(i => new
        {
            level = "error",
            message = $"Payment failed for customer_{i % 12}",
            userId = $"customer_{i % 12}",
            sessionId = $"sess_{i}",
            errorCode = "PAYMENT_DECLINED",
            endpoint = "/api/payment",
            timestamp = now.AddMinutes(-30 + i),
        });

        var response = await host.Client.PostAsJsonAsync("/api/logs/batch", new { logs }, Ct);
        var radius = (await host.Client.GetFromJsonAsync<JsonElement>("/api/timeline/blast-radius/PAYMENT_DECLINED?hours=1", Ct)).GetProperty("blastRadius");
        var page = await host.Client.GetFromJsonAsync<JsonElement>("/api/logs?errorCode=PAYMENT_DECLINED&limit=100", Ct);
        var userPage = await host.Client.GetFromJsonAsync<JsonElement>($"/api/logs?userId={Pseudonym("customer_3")}&limit=100", Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((30, 12), (radius.GetProperty("totalOccurrences").GetInt32(), radius.GetProperty("affectedUsers").GetInt32()));
        var entries = page.GetProperty("logs").EnumerateArray().ToList();
        Assert.All(entries, e => Assert.DoesNotContain("customer_", e.GetRawText(), StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => Pseudonym($"customer_{i}")).Order(), entries.Select(e => e.GetProperty("userId").GetString()!).Distinct().Order());
        Assert.Contains(entries, e => e.GetProperty("message").GetString() == $"Payment failed for {Pseudonym("customer_3")}");
        Assert.Equal(3, userPage.GetProperty("total").GetInt32());
    }

    private static string Pseudonym(string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HashKey), Encoding.UTF8.GetBytes(userId))[..16]);

    private static async Task<List<string>> StoredMessagesAsync(ApiHost host)
    {
        var page = await host.Client.GetFromJsonAsync<JsonElement>("/api/logs?limit=100", Ct);
        return [.. page.GetProperty("logs").EnumerateArray().Select(e => e.GetRawText())];
    }
}
