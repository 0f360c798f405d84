using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;

namespace LogAnalyzer.Tests.Endpoints;

/// <summary>
/// An id in the path holding "/" (sent as <c>%2F</c>) or the text "%2F" itself (sent as <c>%252F</c>): each reaches
/// the handler as the client meant it, told apart by the raw request target.
/// </summary>
public sealed class EncodedSlashTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _targets = new();
    private ApiHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // What the server received on the wire: HttpClient must not have decoded or re-encoded the path.
        _host = await ApiHost.StartAsync(app: a => a.Use((context, next) =>
        {
            _targets.Enqueue(context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
            return next(context);
        }));
        var at = _host.Time.GetUtcNow().AddMinutes(-1);
        await _host.Store.AppendAsync([Failure(at, "a/b"), Failure(at, "a%2Fb"), Failure(at, "plain")], Ct);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("/api/timeline/session/", "a%2Fb", "sessionId", "a/b")]
    [InlineData("/api/timeline/session/", "a%252Fb", "sessionId", "a%2Fb")]
    [InlineData("/api/timeline/session/", "plain", "sessionId", "plain")]
    [InlineData("/api/timeline/user/", "a%2Fb", "userId", "a/b")]
    [InlineData("/api/timeline/user/", "a%252Fb", "userId", "a%2Fb")]
    [InlineData("/api/timeline/blast-radius/", "a%2Fb", "blastRadius.errorCode", "a/b")]
    [InlineData("/api/timeline/blast-radius/", "a%252Fb", "blastRadius.errorCode", "a%2Fb")]
    public async Task Get_EscapedId_ReachesTheHandlerAsTheClientMeantIt(string route, string sent, string property, string expected)
    {
        var response = await _host.Client.GetAsync(route + sent, Ct);

        Assert.Equal(route + sent, Assert.Single(_targets));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct);
        var value = body.RootElement;
        foreach (var name in property.Split('.'))
        {
            value = value.GetProperty(name);
        }

        Assert.Equal(expected, value.GetString());
    }

    [Theory]
    [InlineData("a%2Fb", "a/b")]
    [InlineData("a%252Fb", "a%2Fb")]
    public async Task Get_PathTheServerNormalizes_ReadsTheIdFromTheEndOfTheRawPath(string sent, string expected)
    {
        // HttpClient would remove the dot segments itself; the server's removal leaves the raw path two segments longer.
        var response = await SendRawAsync($"/api/x/../timeline/session/{sent}");

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains($"\"sessionId\":\"{expected}\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AbsoluteFormTarget_ReadsTheIdFromItsPath()
    {
        // Only the text "%2F": Kestrel decodes a %2F in an absolute-form target to "/", so routing never matches it.
        var response = await SendRawAsync($"http://{_host.Client.BaseAddress!.Authority}/api/timeline/session/a%252Fb?x=1");

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("\"sessionId\":\"a%2Fb\"", response, StringComparison.Ordinal);
    }

    private async Task<string> SendRawAsync(string target)
    {
        var address = _host.Client.BaseAddress!;
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port, Ct);
        await using var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"), Ct);
        return await new StreamReader(stream).ReadToEndAsync(Ct);
    }

    private static LogEntry Failure(DateTimeOffset at, string id) => new()
    {
        Timestamp = at,
        Level = LogEntryLevel.Error,
        Message = "Payment declined",
        Template = "Payment declined",
        Endpoint = "/api/payment",
        SessionId = id,
        UserId = id,
        ErrorCode = id,
        PatternId = "p_declined",
    };
}
