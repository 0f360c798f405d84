using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Ai;

/// <summary>
/// An OpenAI-compatible chat-completions server on a loopback port (real Kestrel), answering from a per-test
/// script and recording every request it received.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private LoopbackServer _server = null!;

    /// <summary>Where the request body is kept in <see cref="HttpContext.Items"/> for scripted answers that read it.</summary>
    public const string BodyKey = "body";

    /// <summary>The base URL to configure as <c>LogAnalyzer:Ai:BaseUrl</c> (ends in <c>/v1</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var server = new FakeOpenAiServer();
        server._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/chat/completions", server.HandleAsync));
        server.BaseUrl = new Uri(server._server.Address + "/v1");
        return server;
    }

    /// <summary>Queues the next answer; when the script is empty the server answers <see cref="Completion"/> of "{}".</summary>
    public FakeOpenAiServer Then(Func<HttpContext, Task> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public FakeOpenAiServer ThenStatus(int status, string body = "{}", string? retryAfter = null) => Then(async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    });

    public FakeOpenAiServer ThenContent(string content, int promptTokens = 100, int completionTokens = 20) =>
        Then(context => context.Response.WriteAsJsonAsync(Completion(content, promptTokens, completionTokens)));

    public static object Completion(string content, int promptTokens = 100, int completionTokens = 20) => new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_764_300_000,
        model = "gpt-oss-120b",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
    };

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Received.Enqueue(new ReceivedRequest(body, context.Request.Headers.Authorization.ToString()));
        context.Items[BodyKey] = body;
        var answer = _script.TryDequeue(out var scripted) ? scripted : c => c.Response.WriteAsJsonAsync(Completion("{}"));
        await answer(context);
    }
}

/// <summary>What the fake server received: the JSON body and the Authorization header.</summary>
internal sealed record ReceivedRequest(string Body, string Authorization)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
