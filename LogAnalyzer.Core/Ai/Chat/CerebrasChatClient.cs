using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Ai.Chat;

/// <summary>
/// An <see cref="IChatClient"/> for Cerebras' OpenAI-compatible API (<c>POST {BaseUrl}/chat/completions</c>). Each
/// call takes an <see cref="HttpClient"/> from <c>IHttpClientFactory</c> (so handlers rotate as the factory intends),
/// whose handler chain adds retries honouring Retry-After, timeouts and a circuit breaker. Structured output is asked for as a strict <c>json_schema</c>; a server
/// that does not support it gets <c>json_object</c> from then on.
/// </summary>
internal sealed class CerebrasChatClient : IChatClient
{
    private readonly Func<HttpClient> _http;
    private readonly AiOptions _options;
    private readonly Uri _endpoint;
    private readonly ChatClientMetadata _metadata;
    private volatile bool _jsonSchemaUnsupported;

    public CerebrasChatClient(Func<HttpClient> http, IOptions<LogAnalyzerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value.Ai;
        _endpoint = new Uri(_options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");
        _metadata = new ChatClientMetadata("cerebras", _options.BaseUrl, _options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(messages, options, stream: false, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return OpenAiWire.ReadResponse(document.RootElement);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(messages, options, stream: true, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // Server-sent events: "data: {chunk}" lines, ended by "data: [DONE]"; blank lines and comments between.
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line.AsSpan(5).Trim();
            if (data.SequenceEqual("[DONE]"))
            {
                yield break;
            }

            using var chunk = JsonDocument.Parse(data.ToString());
            foreach (var update in OpenAiWire.ReadChunk(chunk.RootElement))
            {
                yield return update;
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    // The HttpClients belong to IHttpClientFactory.
    public void Dispose()
    {
    }

    private async Task<HttpResponseMessage> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream, CancellationToken cancellationToken)
    {
        var key = _options.ResolveApiKey()
            ?? throw new LanguageModelException($"No Cerebras API key is configured: set LogAnalyzer:Ai:ApiKey or the {AiOptions.ApiKeyEnvironmentVariable} environment variable.");
        var model = options?.ModelId ?? _options.Model;
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var useSchema = !_jsonSchemaUnsupported;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(OpenAiWire.WriteRequest(list, options, model, _options, stream, useSchema)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var response = await _http().SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var error = await ReadErrorAsync(response, cancellationToken);
                if (useSchema && options?.ResponseFormat is ChatResponseFormatJson { Schema: not null } && OpenAiWire.RejectsJsonSchema(response.StatusCode, error))
                {
                    // This server (or model) has no structured outputs: ask for plain JSON from now on.
                    _jsonSchemaUnsupported = true;
                    useSchema = false;
                    continue;
                }

                throw Failure(response.StatusCode, error, model);
            }
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 2_000 ? text[..2_000] : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    private static Exception Failure(HttpStatusCode status, string error, string model)
    {
        var code = (int)status;
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new LanguageModelException($"the Cerebras API key was rejected (HTTP {code}): check LogAnalyzer:Ai:ApiKey or {AiOptions.ApiKeyEnvironmentVariable}", code);
        }

        if (OpenAiWire.IsUnknownModel(status, error))
        {
            return new LanguageModelException($"model {model} is not available: set LogAnalyzer:Ai:Model", code);
        }

        if (status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            return new LanguageModelException($"the language model refused the request (HTTP {code}): {OpenAiWire.ErrorMessage(error)}", code);
        }

        // Retryable failures (429, 5xx) reach here only when the resilience handler has given up.
        return new HttpRequestException($"The language model answered HTTP {code}: {OpenAiWire.ErrorMessage(error)}", null, status);
    }
}
