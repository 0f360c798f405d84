using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.Security;

/// <summary>
/// ASP.NET Core's response compression (Brotli, gzip) around one LogAnalyzer response, so JSON is compressed without
/// the host calling <c>UseResponseCompression()</c>. A host that does call it is not compressed twice: the outer
/// middleware leaves a response that already has a <c>Content-Encoding</c>.
/// </summary>
internal sealed class ApiResponseCompression
{
    private readonly ResponseCompressionProvider _provider;

    public ApiResponseCompression(IServiceProvider services)
    {
        var options = new ResponseCompressionOptions
        {
            // The API reflects no secret next to attacker-chosen text (BREACH), and most deployments sit behind TLS.
            EnableForHttps = true,
            MimeTypes = ["application/json", "application/problem+json", "text/plain"],
        };
        options.Providers.Add(new BrotliCompressionProvider(Options.Create(new BrotliCompressionProviderOptions { Level = CompressionLevel.Fastest })));
        options.Providers.Add(new GzipCompressionProvider(Options.Create(new GzipCompressionProviderOptions { Level = CompressionLevel.Fastest })));
        _provider = new ResponseCompressionProvider(services, Options.Create(options));
    }

    /// <summary>Runs <paramref name="write"/> with the response body compressed when the client accepts it.</summary>
    public Task WriteAsync(HttpContext context, RequestDelegate write) => new ResponseCompressionMiddleware(write, _provider).Invoke(context);
}
