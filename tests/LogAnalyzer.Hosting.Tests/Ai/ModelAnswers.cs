using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Tests.Ai;

/// <summary>What the analysis tests post and how the fake model answers them.</summary>
internal static class ModelAnswers
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IEnumerable<object> Errors(int count) => Enumerable.Range(0, count).Select(i => (object)new
    {
        level = "ERROR",
        message = $"Payment gateway timeout after {5000 + (i * 37)}ms for order ORD-{100000 + i}",
        endpoint = "/api/payment",
        errorCode = "PAYMENT_GATEWAY_TIMEOUT",
        userId = $"user_{i}",
        responseTime = 5000 + i,
    });

    public static object ModelAnalysis(string id, string summary, string severity) => new
    {
        patternId = id,
        summary,
        rootCause = "The payment provider is slow.",
        explanation = "Customers cannot pay.",
        severity,
        category = "timeout",
        suggestedFixes = new[] { "Check the provider status." },
    };

    public static Func<HttpContext, Task> AnswerEach(Func<string, object> analysis) => async context =>
    {
        var ids = await AskedIdsAsync(context);
        var content = JsonSerializer.Serialize(new { analyses = ids.Select(analysis) });
        await context.Response.WriteAsJsonAsync(FakeOpenAiServer.Completion(content), Ct);
    };

    /// <summary>The pattern ids of the evidence in the request the fake server is answering.</summary>
    public static async Task<List<string>> AskedIdsAsync(HttpContext context)
    {
        await Task.Yield();
        var body = JsonDocument.Parse(context.Items[FakeOpenAiServer.BodyKey] as string ?? "{}").RootElement;
        var user = body.GetProperty("messages")[1].GetProperty("content").GetString()!;
        var evidence = JsonDocument.Parse(user["<evidence>\n".Length..^"\n</evidence>".Length]).RootElement;
        return evidence.EnumerateArray().Select(e => e.GetProperty("patternId").GetString()!).ToList();
    }
}
