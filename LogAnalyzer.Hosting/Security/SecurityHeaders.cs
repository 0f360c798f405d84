using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Hosting.Security;

/// <summary>Helmet's headers that matter for a JSON API: no sniffing, no framing, no referrer, nothing to load, same-origin reads.</summary>
internal static class SecurityHeaders
{
    /// <summary>The API's Content-Security-Policy: a JSON answer loads nothing.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Sets the headers, with <paramref name="contentSecurityPolicy"/> (the dashboard's files have their own).</summary>
    public static void Apply(IHeaderDictionary headers, string contentSecurityPolicy = ApiContentSecurityPolicy)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["X-Permitted-Cross-Domain-Policies"] = "none";
    }
}
