using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Storage.Sqlite;

public sealed class SqliteLogStoreTests : LogStoreContractTests
{
    private readonly TempDirectory _folder = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task InitializeAsync_ExistingDatabase_KeepsEntriesAndSchemaVersion()
    {
        await Store.AppendAsync(Entries.Many(3), Ct);
        ((IDisposable)Store).Dispose();

        using var reopened = Create(_folder.File("logs.db"));
        await reopened.InitializeAsync(Ct);

        Assert.Equal(3, (await reopened.QueryAsync(new LogQuery(), Ct)).Total);
        using var connection = new SqliteConnection($"Data Source={_folder.File("logs.db")}");
        connection.Open();
        Assert.Equal(SqliteSchema.LatestVersion, SqliteSchema.CurrentVersion(connection));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_UsesWalAndQueryIndexes()
    {
        using var connection = new SqliteConnection($"Data Source={_folder.File("logs.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());

        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logs' ORDER BY name;";
        var indexes = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["logs_anomaly_ts", "logs_endpoint_ts", "logs_error_code_ts", "logs_level_ts", "logs_session_ts", "logs_ts", "logs_user_ts"],
            indexes);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("level=ERROR", "logs_level_ts")]
    [InlineData("session", "logs_session_ts")]
    [InlineData("user", "logs_user_ts")]
    [InlineData("errorCode", "logs_error_code_ts")]
    [InlineData("endpoint", "logs_endpoint_ts")]
    [InlineData("none", "logs_ts")]
    [InlineData("anomaly", "logs_anomaly_ts")]
    public void QueryPlan_EachQueryShape_UsesItsIndex(string shape, string index)
    {
        var where = shape switch
        {
            "level=ERROR" => "WHERE l.level IN (4) AND l.ts >= 0",
            "session" => "WHERE l.session_id = 1",
            "user" => "WHERE l.user_id = 1",
            "errorCode" => "WHERE l.error_code_id = 1 AND l.ts >= 0",
            "endpoint" => "WHERE l.endpoint_id = 1",
            "anomaly" => "WHERE l.is_anomaly = 1",
            _ => string.Empty,
        };
        using var connection = new SqliteConnection($"Data Source={_folder.File("logs.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN SELECT l.id FROM logs l {where} ORDER BY l.ts DESC LIMIT 50;";
        var plan = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("payment gateway", "\"payment\" \"gateway\"")]
    [InlineData("user_42", "\"user 42\"")]
    [InlineData("pay*", "\"pay\"*")]
    [InlineData("\"a\" OR (b)", "\"a\" \"OR\" \"b\"")]
    [InlineData("!!! ---", "")]
    public void ToFtsQuery_UserText_QuotesEveryWord(string text, string expected)
    {
        Assert.Equal(expected, SqliteLogStore.ToFtsQuery(text));
    }

    protected override Task<ILogStore> CreateStoreAsync() => Task.FromResult<ILogStore>(Create(_folder.File("logs.db")));

    private static SqliteLogStore Create(string path) =>
        new(Options.Create(new LogAnalyzerOptions { Sqlite = { Path = path } }));
}
