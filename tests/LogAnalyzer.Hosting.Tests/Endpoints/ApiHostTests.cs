using System.Text;
using System.Text.Json;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>A test class whose tests each get their own API host on loopback, and the helpers they share.</summary>
public abstract class ApiHostTests : IAsyncLifetime
{
    /// <summary>The host of the running test.</summary>
    private protected ApiHost Host { get; private set; } = null!;

    /// <summary>The running test's cancellation.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Host = await ApiHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The response's body as JSON.</summary>
    protected static async Task<JsonDocument> Json(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct);

    /// <summary>Posts <paramref name="json"/> as <c>application/json</c>.</summary>
    protected Task<HttpResponseMessage> Post(string path, string json) =>
        Host.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
}
