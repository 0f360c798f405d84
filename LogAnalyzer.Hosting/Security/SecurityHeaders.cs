using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Hosting.Security;

/// <summary>Helmet's headers that matter for a JSON API: no sniffing, no framing, no referrer, nothing to load, same-origin reads.</summary>
internal static class SecurityHeaders
{
    public static void Apply(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["X-Permitted-Cross-Domain-Policies"] = "none";
    }
}
