using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Hosting.Security;

/// <summary>
/// The scope an endpoint needs; <see langword="null"/> for an open endpoint such as <c>/health</c>. Endpoints without
/// it need <c>read</c> for GET and HEAD and <c>manage</c> for anything else, so a new mutation is closed by default.
/// </summary>
internal sealed record ApiScopeMetadata(string? Scope)
{
    public static string? For(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ApiScopeMetadata>() is { } metadata)
        {
            return metadata.Scope;
        }

        var method = context.Request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ApiKeyScopes.Read : ApiKeyScopes.Manage;
    }
}

/// <summary>Declares the scope of a LogAnalyzer endpoint.</summary>
internal static class ApiScopeEndpointExtensions
{
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string? scope) =>
        builder.WithMetadata(new ApiScopeMetadata(scope));
}
