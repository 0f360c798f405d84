using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LogAnalyzer.Hosting.Dashboard;

/// <summary>
/// The dashboard's files, embedded in this assembly (Dashboard/wwwroot), each with its content type and a strong ETag,
/// so the page needs no static-file middleware, no file provider and nothing on disk.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>The placeholder in index.html that becomes the path of the JSON API, such as <c>/</c> or <c>/tools/</c>.</summary>
    private const string ApiBasePlaceholder = "{{API_BASE}}";

    private const string ResourcePrefix = "LogAnalyzer.Dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<DashboardAssets> Embedded = new(() => new DashboardAssets(Load()));

    private readonly FrozenDictionary<string, Asset> _assets;

    private DashboardAssets(FrozenDictionary<string, Asset> assets) => _assets = assets;

    /// <summary>The files embedded in this assembly, read once.</summary>
    public static DashboardAssets Instance => Embedded.Value;

    /// <summary>The names of the files, such as <c>app.js</c> and <c>views/alerts.js</c>.</summary>
    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>Answers <c>index.html</c> with the API's path filled in.</summary>
    public IResult Page(HttpContext context, string apiPrefix)
    {
        var apiBase = context.Request.PathBase.Add(new PathString(apiPrefix)).Value ?? string.Empty;
        // The page joins the base and "api/…": it must end with one slash.
        apiBase = apiBase.TrimEnd('/') + "/";
        var template = _assets["index.html"];
        var html = Encoding.UTF8.GetString(template.Content).Replace(ApiBasePlaceholder, HtmlEncoder.Default.Encode(apiBase), StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(html);
        return Answer(context, new Asset(bytes, template.ContentType, ETagOf(bytes)));
    }

    /// <summary>Answers one file, or 404 when there is no such file (the index is only served as the page).</summary>
    public IResult File(HttpContext context, string name)
    {
        if (name != "index.html" && _assets.TryGetValue(name, out var asset))
        {
            return Answer(context, asset);
        }

        DashboardHeaders.Apply(context.Response.Headers);
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The dashboard has no such file.");
    }

    private static IResult Answer(HttpContext context, Asset asset)
    {
        var headers = context.Response.Headers;
        DashboardHeaders.Apply(headers);
        // Revalidate every time (cheap with the ETag): a new version of the library shows at once, never a mix of old and new modules.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(value => value is not null && (value == "*" || value.Split(',').Any(tag => tag.Trim() == asset.ETag))))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            assets[name] = new Asset(content, type, ETagOf(content));
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ETagOf(byte[] content) =>
        new EntityTagHeaderValue('"' + Convert.ToBase64String(SHA256.HashData(content), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + '"').ToString();

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
