namespace LogAnalyzer.Tests.Configuration;

public sealed class SecurityOptionsValidationTests
{
    private const string Key = "a-long-enough-key-0123";

    [Fact]
    public void Validate_ScopedKeysAndOneKey_Succeed()
    {
        var options = new LogAnalyzerOptions
        {
            Security =
            {
                ApiKey = "  " + Key + "  ",
                ApiKeys = [new ApiKeyOptions { Key = Key + "-ingest", Scopes = ["ingest", " READ "] }],
            },
        };

        Assert.True(new LogAnalyzerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadSecuritySettings_NamesEachSettingAndNeverTheKey()
    {
        var options = new LogAnalyzerOptions
        {
            Security =
            {
                ApiKey = "short-secret",
                ApiKeys =
                [
                    new ApiKeyOptions { Key = Key, Scopes = [] },
                    new ApiKeyOptions { Key = Key + " ", Scopes = ["read"] },
                ],
                RateLimit = { PermitLimit = 0, Window = TimeSpan.FromMilliseconds(10) },
                MaxRequestBodySize = 10,
            },
        };

        var failures = new LogAnalyzerOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(
            [
                "LogAnalyzer:Security:ApiKey must be at least 16 characters (not counting surrounding spaces); it has 12.",
                "LogAnalyzer:Security:ApiKeys:0:Scopes must name at least one of ingest, read, manage.",
                "LogAnalyzer:Security:ApiKeys:1:Key repeats another configured key; give each key its scopes once.",
                "LogAnalyzer:Security:RateLimit:PermitLimit must be at least 1; it is 0.",
                "LogAnalyzer:Security:RateLimit:Window must be between 1 second and 1 day; it is 00:00:00.0100000.",
                "LogAnalyzer:Security:MaxRequestBodySize must be at least 1024 bytes; it is 10.",
            ],
            failures);
        Assert.DoesNotContain(failures, f => f.Contains("short-secret", StringComparison.Ordinal) || f.Contains(Key, StringComparison.Ordinal));
    }
}
