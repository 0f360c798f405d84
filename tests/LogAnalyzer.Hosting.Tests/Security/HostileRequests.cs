using System.Globalization;
using System.Text;

namespace LogAnalyzer.Tests.Security;

/// <summary>One generated request, and how many entries it would store if the API accepted it.</summary>
internal sealed record HostileRequest(string Category, HttpMethod Method, string Path, byte[]? Body, string? ContentType, int Entries)
{
    /// <summary>The <c>X-Api-Key</c> values to send instead of the valid key, or <see langword="null"/> to send the valid key.</summary>
    public string[]? ApiKeys { get; init; }
}

/// <summary>
/// Generates bad requests from a seed: invalid JSON, wrong types, huge strings and batches, deep nesting, invalid
/// UTF-8, control characters, nulls, NaN and negative numbers, unknown levels, absurd timestamps, hostile query
/// strings and route values, wrong content types. A few valid requests are mixed in, so "nothing partially stored"
/// is checked against what the API acknowledged rather than against zero.
/// </summary>
internal static class HostileRequests
{
    private const string Json = "application/json";

    private static readonly string[] Fields = ["level", "message", "endpoint", "userId", "sessionId", "city", "errorCode", "responseTime", "timestamp", "service", "traceId", "spanId", "exception", "messageTemplate", "properties"];

    private static readonly string[] HostileStrings =
    [
        "", " ", "\u0000", "\u0001\u0002\u001f", "\u007f", "\ud800", "\udfff", "\u202e" + "gnp.exe", "💥🔥", "<script>alert(1)</script>",
        "'; DROP TABLE logs;--", "\" OR 1=1 --", "%s%n%x%d", "{0}{1}", "{Message}{@x}", "../../etc/passwd", "NUL", "\r\nSet-Cookie: a=b",
        "*", "\"", "\"unterminated", "a AND OR NOT b", "NEAR(a b)", "col:val", "^start", "a*b*", "(((", ")", "'", "\\", "null", "NaN", "-1",
    ];

    private static readonly string[] HostileLevels = ["VERBOSE", "", " ", "ERR", "error\u0000", "ÉRROR", "null", "1", "-1", "<script>", "ERROR,WARN", "DEBUG\n", "FATAL!", "information"];

    private static readonly string[] HostileNumbers = ["-1", "-0", "0", "1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity", "99999999999999999999999999", "0x10", "1.5.5", "+1", ".5", "01", "\"12\"", "true", "null", "[]", "{}"];

    private static readonly string[] HostileTimestamps =
    [
        "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2024-13-45T99:99:99Z\"", "\"yesterday\"", "1e20", "\"\"", "\"-271821-04-20T00:00:00Z\"",
        "\"10000-01-01T00:00:00Z\"", "\"2020-02-30T00:00:00Z\"", "\"2020-01-01T00:00:00+25:00\"", "-1", "0", "true", "[]", "{}", "\"3000-01-01T00:00:00Z\"",
    ];

    private static readonly string[] QueryNumbers = ["-1", "0", "1000000000", "abc", "1.5", "99999999999999999999", "", "%00", "NaN", "-0", "0x10", "%205", "5%20", "1e3", "%E2%88%9E", "%FF"];

    private static readonly string[] QueryTimes = ["abc", "0001-01-01", "9999-12-31T23:59:59Z", "2024-13-45", "-1", "1e20", "%00", "2020-01-01T00:00:00%2B25:00", "now", "%FF%FE"];

    public static IReadOnlyList<HostileRequest> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var generators = new Func<Random, HostileRequest>[]
        {
            InvalidJson, WrongType, HugeString, HugeBatch, BatchWithOneBadEntry, DeepNesting, InvalidUtf8, ControlCharacters,
            Nulls, BadNumbers, UnknownLevel, AbsurdTimestamp, HostileQuery, HostileRouteValue, WrongContentType, HostileSearchOrChat,
            HostileAlertAction, HostileProperties, HostileApiKey, EscapedSurrogateHalf, NestedNearTheLimit,
        };
        var requests = new List<HostileRequest>(count);
        for (var i = 0; i < count; i++)
        {
            // About one request in a hundred is valid: the store must then hold exactly what was acknowledged.
            requests.Add(random.Next(100) == 0 ? Valid(random) : generators[i % generators.Length](random));
        }

        return requests;
    }

    private static HostileRequest Valid(Random r) => r.Next(2) == 0
        ? Post("valid", "/api/logs", Entry(r), 1)
        : Post("valid", "/api/logs/batch", Batch(Enumerable.Range(0, 3).Select(_ => Entry(r))), 3);

    private static HostileRequest InvalidJson(Random r)
    {
        var valid = Entry(r);
        string[] fixedBodies = ["{", "}", "[", "\"", "", "null", "[]", "123", "\"text\"", "{\"level\":\"ERROR\",\"message\":\"x\",}", "{\"level\":\"ERROR\" \"message\":\"x\"}", "{'level':'ERROR'}", "{level:ERROR}", "{\"level\":\"ERROR\",\"message\":\"x\"}{}", "\u0000", "<xml/>", "{\"logs\":[,]}"];
        var body = r.Next(3) switch
        {
            0 => valid[..r.Next(valid.Length)],
            1 => fixedBodies[r.Next(fixedBodies.Length)],
            _ => new string(Enumerable.Range(0, r.Next(1, 200)).Select(_ => (char)r.Next(32, 127)).ToArray()),
        };
        return Post("invalid-json", r.Next(2) == 0 ? "/api/logs" : "/api/logs/batch", body, 1);
    }

    private static HostileRequest WrongType(Random r)
    {
        string[] wrong = ["5", "true", "[]", "{}", "[1,2]", "{\"a\":1}", "-3.5"];
        var field = Fields[r.Next(Fields.Length)];
        var value = field switch
        {
            "responseTime" => "\"12\"",
            "properties" => r.Next(2) == 0 ? "\"x\"" : "[1,2,3]",
            _ => wrong[r.Next(wrong.Length)],
        };
        return r.Next(4) == 0
            ? Post("wrong-type", "/api/logs/batch", r.Next(2) == 0 ? "{\"logs\":{}}" : $"{{\"logs\":{wrong[r.Next(wrong.Length)]}}}", 0)
            : Post("wrong-type", "/api/logs", With(field, value), 1);
    }

    private static HostileRequest HugeString(Random r)
    {
        string[] fields = ["message", "message", "exception", "messageTemplate", "level", "endpoint", "userId", "sessionId", "city", "errorCode", "service", "traceId", "spanId"];
        var field = fields[r.Next(fields.Length)];
        var length = field is "message" or "exception" or "messageTemplate" ? r.Next(32_769, 300_000) : r.Next(1_025, 100_000);
        return Post("huge-string", "/api/logs", With(field, Quote(new string((char)r.Next('a', 'z' + 1), length))), 1);
    }

    private static HostileRequest HugeBatch(Random r)
    {
        var count = r.Next(1_001, 2_500);
        return Post("huge-batch", "/api/logs/batch", Batch(Enumerable.Range(0, count).Select(_ => Entry(r))), count);
    }

    private static HostileRequest BatchWithOneBadEntry(Random r)
    {
        var count = r.Next(2, 300);
        var bad = r.Next(count);
        string[] badEntries = ["null", "5", "\"x\"", "[]", With("level", "\"NOPE\""), With("message", "\"\""), With("timestamp", "\"9999-12-31T23:59:59Z\""), With("responseTime", "-5"), With("properties", "[]"), "{}"];
        var entries = Enumerable.Range(0, count).Select(i => i == bad ? badEntries[r.Next(badEntries.Length)] : Entry(r));
        return Post("batch-one-bad", "/api/logs/batch", Batch(entries), count);
    }

    private static HostileRequest DeepNesting(Random r)
    {
        var depth = r.Next(33, 20_000);
        var body = r.Next(3) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => With("properties", Nest(depth)),
            _ => "{\"logs\":[" + new string('[', depth) + new string(']', depth) + "]}",
        };
        return Post("deep-nesting", body.StartsWith("{\"logs\"", StringComparison.Ordinal) ? "/api/logs/batch" : "/api/logs", body, 1);
    }

    /// <summary>
    /// JSON may escape half of a surrogate pair (<c>\ud800</c>) though no text can hold it: in a field, deep inside a
    /// property value, or as a property name.
    /// </summary>
    private static HostileRequest EscapedSurrogateHalf(Random r)
    {
        string[] halves = ["\"\\ud800\"", "\"\\udfff\"", "\"ok\\udc00\\ud800\"", "\"caf\\ud83d\""];
        var half = halves[r.Next(halves.Length)];
        var body = r.Next(4) switch
        {
            0 => With("message", half),
            1 => With(r.Next(2) == 0 ? "userId" : "errorCode", half),
            2 => With("properties", "{\"k\":" + Wrap(half, r.Next(0, 6), r) + "}"),
            _ => With("properties", "{\"k\":" + Wrap("{" + half + ":1}", r.Next(0, 3), r) + "}"),
        };
        var path = r.Next(2) == 0 ? "/api/logs" : "/api/logs/batch";
        return Post("escaped-surrogate", path, path == "/api/logs" ? body : Batch([Entry(r), body]), path == "/api/logs" ? 1 : 2);
    }

    /// <summary>Property values nested around the documented limit (16 levels), shallow enough for the JSON reader.</summary>
    private static HostileRequest NestedNearTheLimit(Random r) =>
        Post("nested-near-limit", "/api/logs", With("properties", Nest(r.Next(14, 30))), 1);

    private static string Wrap(string value, int levels, Random r)
    {
        for (var i = 0; i < levels; i++)
        {
            value = r.Next(2) == 0 ? "{\"a\":" + value + "}" : "[1," + value + "]";
        }

        return value;
    }

    private static HostileRequest InvalidUtf8(Random r)
    {
        byte[][] bad = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xC3, 0x28], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xFE, 0xFF]];
        var body = Encoding.UTF8.GetBytes(With("message", "\"before-after\""));
        var at = Array.IndexOf(body, (byte)'-');
        var insert = bad[r.Next(bad.Length)];
        var bytes = body[..at].Concat(insert).Concat(body[(at + 1)..]).ToArray();
        return new HostileRequest("invalid-utf8", HttpMethod.Post, "/api/logs", bytes, Json, 1);
    }

    private static HostileRequest ControlCharacters(Random r)
    {
        var raw = (char)r.Next(0, 32);
        var field = Fields[r.Next(7)];
        // Unescaped control characters are invalid JSON; escaped ones are valid JSON that the validator judges.
        var value = r.Next(2) == 0 ? $"\"a{raw}b\"" : $"\"a\\u{(int)raw:x4}b\"";
        return Post("control-characters", "/api/logs", With(field, value), 1);
    }

    private static HostileRequest Nulls(Random r) => r.Next(4) switch
    {
        0 => Post("nulls", "/api/logs", With(r.Next(2) == 0 ? "level" : "message", "null"), 1),
        1 => Post("nulls", "/api/logs/batch", r.Next(2) == 0 ? "{\"logs\":null}" : "{\"logs\":[null]}", 1),
        2 => Post("nulls", "/api/logs", "{\"level\":null,\"message\":null,\"properties\":null,\"timestamp\":null}", 1),
        _ => Post("nulls", "/api/logs", With("properties", "{\"a\":null,\"\":null}", withMessage: false), 1),
    };

    private static HostileRequest BadNumbers(Random r) =>
        Post("numbers", "/api/logs", With("responseTime", HostileNumbers[r.Next(HostileNumbers.Length)]), 1);

    private static HostileRequest UnknownLevel(Random r) =>
        Post("unknown-level", "/api/logs", With("level", Quote(HostileLevels[r.Next(HostileLevels.Length)])), 1);

    private static HostileRequest AbsurdTimestamp(Random r) =>
        Post("absurd-timestamp", "/api/logs", With("timestamp", HostileTimestamps[r.Next(HostileTimestamps.Length)]), 1);

    private static HostileRequest HostileQuery(Random r)
    {
        string Number() => QueryNumbers[r.Next(QueryNumbers.Length)];
        string Text() => Uri.EscapeDataString(r.Next(10) == 0 ? new string('q', r.Next(1_025, 3_000)) : HostileStrings[r.Next(HostileStrings.Length)]);
        var path = r.Next(8) switch
        {
            0 => $"/api/logs?limit={Number()}&page={Number()}&level={Uri.EscapeDataString(HostileLevels[r.Next(HostileLevels.Length)])}&level=ERROR",
            1 => $"/api/logs?from={QueryTimes[r.Next(QueryTimes.Length)]}&to={QueryTimes[r.Next(QueryTimes.Length)]}&anomalyOnly={Text()}",
            2 => $"/api/logs?q={Text()}&endpoint={Text()}&userId={Text()}&errorCode={Text()}&limit={Number()}",
            3 => $"/api/logs/stats?hours={Number()}&bucketMinutes={Number()}",
            4 => $"/api/patterns?limit={Number()}",
            5 => $"/api/alerts?status={Text()}&severity={Text()}&hours={Number()}&limit={Number()}",
            6 => $"/api/ai/trending?hours={Number()}&limit={Number()}",
            _ => $"/api/timeline/blast-radius/{RouteValue(r)}?hours={Number()}",
        };
        return new HostileRequest("hostile-query", HttpMethod.Get, path, null, null, 0);
    }

    private static HostileRequest HostileRouteValue(Random r)
    {
        var value = RouteValue(r);
        string[] paths = ["/api/logs/{0}", "/api/patterns/{0}", "/api/alerts/{0}", "/api/timeline/session/{0}", "/api/timeline/user/{0}?limit=5", "/api/timeline/blast-radius/{0}"];
        return new HostileRequest("hostile-route", HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, paths[r.Next(paths.Length)], value), null, null, 0);
    }

    private static HostileRequest WrongContentType(Random r)
    {
        string?[] types = [null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=utf-16", "application/jsonx"];
        var type = types[r.Next(types.Length)];
        var body = type == "application/json; charset=utf-16" ? Encoding.Unicode.GetBytes(Entry(r)) : Encoding.UTF8.GetBytes(Entry(r));
        return new HostileRequest("content-type", HttpMethod.Post, r.Next(2) == 0 ? "/api/logs" : "/api/logs/batch", body, type, 1);
    }

    private static HostileRequest HostileSearchOrChat(Random r)
    {
        var text = r.Next(5) == 0 ? new string('w', r.Next(1_025, 50_000)) : HostileStrings[r.Next(HostileStrings.Length)];
        var body = r.Next(5) switch
        {
            0 => $"{{\"query\":{Quote(text)},\"timeRange\":{HostileNumbers[r.Next(HostileNumbers.Length)]}}}",
            1 => $"{{\"query\":{HostileNumbers[r.Next(HostileNumbers.Length)]}}}",
            2 => $"{{\"message\":{Quote(text)},\"conversationId\":{Quote(HostileStrings[r.Next(HostileStrings.Length)])}}}",
            3 => $"{{\"message\":{HostileNumbers[r.Next(HostileNumbers.Length)]}}}",
            _ => "{\"query\":" + new string('[', 100) + new string(']', 100) + "}",
        };
        return Post("search-chat", body.StartsWith("{\"message\"", StringComparison.Ordinal) ? "/api/ai/chat" : "/api/ai/search", body, 0);
    }

    private static HostileRequest HostileAlertAction(Random r)
    {
        var action = r.Next(2) == 0 ? "acknowledge" : "resolve";
        var body = r.Next(4) switch
        {
            0 => $"{{\"by\":{HostileNumbers[r.Next(HostileNumbers.Length)]}}}",
            1 => $"{{\"by\":{Quote(new string('b', r.Next(201, 5_000)))}}}",
            2 => $"{{\"note\":{Quote(new string('n', r.Next(4_001, 20_000)))}}}",
            _ => "{\"by\":",
        };
        return Post("alert-action", $"/api/alerts/{RouteValue(r)}/{action}", body, 0);
    }

    private static HostileRequest HostileProperties(Random r)
    {
        var properties = r.Next(4) switch
        {
            0 => "{" + string.Join(',', Enumerable.Range(0, r.Next(65, 3_000)).Select(i => $"\"p{i}\":{i}")) + "}",
            1 => $"{{{Quote(new string('k', r.Next(1_025, 10_000)))}:1}}",
            2 => $"{{\"a\":{Quote(new string('v', r.Next(1_025, 10_000)))}}}",
            _ => $"{{\"n\":{HostileNumbers[r.Next(HostileNumbers.Length)]},\"s\":{Quote(HostileStrings[r.Next(HostileStrings.Length)])}}}",
        };
        return Post("properties", "/api/logs", With("properties", properties), 1);
    }

    private static HostileRequest HostileApiKey(Random r)
    {
        var key = HostileInputTests.ApiKey;
        string[][] keys =
        [
            [], [""], [" "], [key + "x"], [key[..^1]], [key.ToUpperInvariant()], [key, key], [key, "other"], ["other", key], [new string('k', r.Next(1_000, 8_000))],
            [key + "\t"], ["\"" + key + "\""], ["Bearer " + key], [Uri.EscapeDataString(key + "%")], ["null"], ["*"],
        ];
        var request = r.Next(2) == 0 ? Valid(r) : HostileQuery(r);
        return request with { Category = "hostile-key", ApiKeys = keys[r.Next(keys.Length)], Entries = request.Entries };
    }

    private static string RouteValue(Random r)
    {
        var value = r.Next(6) == 0 ? new string('x', r.Next(200, 2_000)) : HostileStrings[r.Next(HostileStrings.Length)];
        // Empty values and dot segments change which route matches (an unmatched path is not LogAnalyzer's to answer).
        return value.Trim('.', ' ').Length == 0 || value.Contains('\0', StringComparison.Ordinal) ? "nope" : Uri.EscapeDataString(value);
    }

    private static string Entry(Random r) =>
        $"{{\"level\":\"{(r.Next(2) == 0 ? "ERROR" : "INFO")}\",\"message\":\"Order {r.Next(1_000)} failed at the gateway\",\"service\":\"checkout\",\"responseTime\":{r.Next(1, 5_000)}}}";

    private static string Batch(IEnumerable<string> entries) => "{\"logs\":[" + string.Join(',', entries) + "]}";

    private static string With(string field, string rawValue, bool withMessage = true)
    {
        var parts = new List<string> { "\"level\":\"ERROR\"" };
        if (withMessage && field != "message")
        {
            parts.Add("\"message\":\"Payment gateway timeout\"");
        }

        if (field == "level")
        {
            parts.Clear();
            parts.Add("\"message\":\"Payment gateway timeout\"");
        }

        parts.Add($"{Quote(field)}:{rawValue}");
        return "{" + string.Join(',', parts) + "}";
    }

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static HostileRequest Post(string category, string path, string body, int entries) =>
        new(category, HttpMethod.Post, path, Encoding.UTF8.GetBytes(body), Json, entries);
}
