namespace LogAnalyzer.Tests;

/// <summary>
/// Log lines carrying secrets and personal data, each with the parts that must never be stored (when redaction of
/// stored entries is on) or sent to a language model; and lines whose look-alikes must survive.
/// </summary>
internal static class RedactionCorpus
{
    public static readonly (string Line, string[] Sensitive)[] Cases =
    [
        ("login failed for jane.doe@example.com from the web", ["jane.doe@example.com"]),
        ("charge declined for card 4111 1111 1111 1111 (visa)", ["4111 1111 1111 1111"]),
        ("charge declined for card 5500-0000-0000-0004", ["5500-0000-0000-0004"]),
        ("auth header Authorization: Bearer abcdEFGH1234ijklMNOP5678qrst", ["abcdEFGH1234ijklMNOP5678qrst"]),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U rejected",
            ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"]),
        ("calling upstream with key sk-proj-Abc123Def456Ghi789Jkl012", ["sk-proj-Abc123Def456Ghi789Jkl012"]),
        ("cerebras key csk-4mfe8yq9vd2kn3wx5r7tj6hp1c0g", ["csk-4mfe8yq9vd2kn3wx5r7tj6hp1c0g"]),
        ("aws key AKIAIOSFODNN7EXAMPLE used", ["AKIAIOSFODNN7EXAMPLE"]),
        ("connecting to postgres://admin:S3cr3tPass@db.internal:5432/shop", ["S3cr3tPass", "admin:S3cr3tPass"]),
        ("GET /api/login?user=bob&password=hunter2&next=/home", ["hunter2"]),
        ("config loaded api_key=9f8e7d6c5b4a39281706 retries=3", ["9f8e7d6c5b4a39281706"]),
        ("payload {\"password\": \"p@ss w0rd!\", \"user\": \"bob\"}", ["p@ss w0rd!"]),
        ("client_secret: zyx987wvu654 in settings", ["zyx987wvu654"]),
        ("SMS sent to +44 20 7946 0958", ["7946 0958"]),
        ("call back (415) 555-2671 tomorrow", ["555-2671"]),
        ("request from 203.0.113.42 blocked", ["203.0.113.42"]),
        ("request from 2001:db8:85a3::8a2e:370:7334 blocked", ["2001:db8:85a3::8a2e:370:7334"]),
        ("env DB_PASSWORD=hunter2 loaded", ["hunter2"]),
        ("body {\"newPassword\":\"hunter2\"} rejected", ["hunter2"]),
        ("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
        ("header x_api_key=9f8e7d6c5b4a in request", ["9f8e7d6c5b4a"]),
        ("body=\"{\\\"password\\\":\\\"hunter2\\\"}\" posted", ["hunter2"]),
        ("cache at redis://:s3cr3tpass@localhost:6379/0", ["s3cr3tpass"]),
        ("Authorization: Basic dXNlcjpodW50ZXIy", ["dXNlcjpodW50ZXIy"]),
        ("connection from 192.168.1.20.", ["192.168.1.20"]),
    ];

    /// <summary>Lines with values that look like secrets but are not, and must survive unchanged.</summary>
    public static readonly string[] Harmless =
    [
        "order 1234567890123 shipped",           // 13 digits, fails the Luhn check
        "GET /api/resource7/1234 responded 200 in 345ms",
        "session sess_0000002a for user_4711 started",
        "version 10.0.12 deployed at 2026-11-28T07:09:03Z",
        "retry 3 of 5 after 1500 ms",
        "ts=1764316800002 flushed",             // epoch milliseconds: no card issuer starts with 17
        "Loading Version=1.0.0.0 of the assembly",
        "violates constraint \"pk_order_line_items_product\"",
        "served icon@2x.png from cache",
        "the basic information page was shown",
    ];

    public static IEnumerable<string> Secrets => Cases.Select(c => c.Line);

    public static IEnumerable<string> SensitiveParts(string line) => Cases.Single(c => c.Line == line).Sensitive;
}
