using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LogAnalyzer.Benchmarks.Ai;

/// <summary>
/// A loopback OpenAI-compatible chat-completions endpoint that answers every pattern analysis request with one
/// analysis per pattern id in the evidence, and reports usage with <see cref="Tokens.Estimate"/> of the prompt and
/// the answer, so the economy figures count what a real model would be sent and would write back.
/// </summary>
public sealed class FakeLanguageModelServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeLanguageModelServer()
    {
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/v1");
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public int Calls { get; private set; }

    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped under a pending accept.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or IOException)
            {
                // A request it cannot answer fails that call only, visibly, instead of stopping the server.
                await Console.Error.WriteLineAsync($"fake model: {ex.GetType().Name}: {ex.Message}");
                context.Response.StatusCode = 500;
                context.Response.Close();
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        using var request = JsonDocument.Parse(await reader.ReadToEndAsync());
        var prompt = request.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString() ?? string.Empty).ToList();
        var answer = Answer(prompt[^1]);
        var (input, output) = (prompt.Sum(Tokens.Estimate), Tokens.Estimate(answer));
        (Calls, PromptTokens, CompletionTokens) = (Calls + 1, PromptTokens + input, CompletionTokens + output);
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = "chatcmpl-economy",
            model = "gpt-oss-120b",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
            usage = new { prompt_tokens = input, completion_tokens = output, total_tokens = input + output },
        });
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    /// <summary>An analysis of the length a model writes (a sentence or two per field) for each pattern asked about.</summary>
    private static string Answer(string user)
    {
        var evidence = JsonDocument.Parse(user["<evidence>\n".Length..^"\n</evidence>".Length]).RootElement;
        return JsonSerializer.Serialize(new
        {
            analyses = evidence.EnumerateArray().Select(e => new
            {
                patternId = e.GetProperty("patternId").GetString(),
                summary = "Payment requests to the gateway time out after about five seconds during short bursts.",
                rootCause = "The payment gateway answers too slowly at times; calls give up at the 5 s timeout.",
                explanation = "Some customers cannot pay during these bursts and leave without ordering; the rest of the shop works.",
                severity = "HIGH",
                category = "timeout",
                suggestedFixes = new[] { "Check the gateway's status and latency.", "Retry payments with idempotency keys.", "Alert when the timeout rate rises." },
            }),
        });
    }
}

/// <summary>The token estimate used on both sides of the comparison: one token per four characters.</summary>
public static class Tokens
{
    public static long Estimate(string text) => (text.Length + 3) / 4;
}
