using Microsoft.Extensions.Options;

namespace LogAnalyzer.Hosting.RequestContext;

/// <summary>
/// Checks <see cref="LogAnalyzerRequestContextOptions"/> at start-up: the user-id hashing key follows the API keys' rule,
/// and it is not set beside <see cref="RedactionOptions.UserIdHashKey"/>, which would hash the request's user id twice.
/// </summary>
internal sealed class RequestContextOptionsValidator(IOptions<LogAnalyzerOptions> analyzerOptions) : IValidateOptions<LogAnalyzerRequestContextOptions>
{
    public ValidateOptionsResult Validate(string? name, LogAnalyzerRequestContextOptions options)
    {
        if (options.UserIdHashKey is not { } key)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        SecurityOptionsValidation.CheckKey(errors, "RequestContext:UserIdHashKey", key);
        if (!string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(analyzerOptions.Value.Ai.Redaction.UserIdHashKey))
        {
            errors.Add(
                "LogAnalyzer:RequestContext:UserIdHashKey and LogAnalyzer:Ai:Redaction:UserIdHashKey are both set, so a request's user id "
                + "would be hashed twice and no longer match the same user's other entries. Set only LogAnalyzer:Ai:Redaction:UserIdHashKey "
                + "to pseudonymize every stored entry, or only LogAnalyzer:RequestContext:UserIdHashKey to hash the id in the request's "
                + "logging scope, which the app's other logging providers see too.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
