using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Tests.Alerts;

/// <summary>A webhook endpoint on a loopback port (real Kestrel) that keeps every JSON body POSTed to it, in order.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Channel<JsonElement> _bodies = Channel.CreateUnbounded<JsonElement>();
    private LoopbackServer _server = null!;

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/hooks/alerts", async (HttpRequest request) =>
        {
            await receiver._bodies.Writer.WriteAsync(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.NoContent();
        }));
        receiver.Url = new Uri(receiver._server.Address + "/hooks/alerts");
        return receiver;
    }

    /// <summary>The next body received (waits for it; the test's cancellation bounds the wait).</summary>
    public async Task<JsonElement> NextAsync() => await _bodies.Reader.ReadAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
