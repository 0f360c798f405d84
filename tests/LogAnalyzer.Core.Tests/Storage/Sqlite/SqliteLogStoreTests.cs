using LogAnalyzer.Storage;
using LogAnalyzer.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Storage.Sqlite;

public sealed class SqliteLogStoreTests() : LogStoreContractTests(new SqliteTestStores())
{
    private TempDirectory Folder => ((SqliteTestStores)Stores).Folder;

    [Fact]
    public async Task InitializeAsync_ExistingDatabase_KeepsEntriesAndSchemaVersion()
    {
        await Store.AppendAsync(Entries.Many(3), Ct);
        ((IDisposable)Store).Dispose();

        using var reopened = Create(Folder.File("logs.db"));
        await reopened.InitializeAsync(Ct);

        Assert.Equal(3, (await reopened.QueryAsync(new LogQuery(), Ct)).Total);
        using var connection = new SqliteConnection($"Data Source={Folder.File("logs.db")}");
        connection.Open();
        Assert.Equal(SqliteSchema.LatestVersion, SqliteSchema.CurrentVersion(connection));
    }

    [Fact]
    public async Task InitializeAsync_DatabaseOfVersion2_RebuildsFullTextIndexWithoutColumnSizes()
    {
        ((IDisposable)Store).Dispose();
        var path = Folder.File("v2.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            SqliteSchema.Migrate(connection, 2);
            using var command = connection.CreateCommand();
            command.CommandText =
                """
                INSERT INTO logs(id, ts, level, message) VALUES (1, 0, 4, 'Payment gateway timeout');
                INSERT INTO logs_fts(rowid, message, exception) VALUES (1, 'Payment gateway timeout', NULL);
                """;
            command.ExecuteNonQuery();
        }

        using var store = Create(path);
        await store.InitializeAsync(Ct);

        var found = await store.QueryAsync(new LogQuery { Text = "gateway" }, Ct);
        Assert.Equal("Payment gateway timeout", Assert.Single(found.Entries).Message);
        using var check = new SqliteConnection($"Data Source={path}");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'logs_fts_docsize';";
        Assert.Equal(0L, tables.ExecuteScalar());
    }

    [Fact]
    public async Task AppendAsync_ManyEntries_CheckpointsTheLogOffTheWriter()
    {
        var store = (SqliteLogStore)Store;
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(Entries.Many(WalCheckpointer.EntriesPerCheckpoint / 2), Ct);
        }

        await Eventually.True(() => store.Checkpoints > 0, "the checkpointer ran");
        Assert.Equal(WalCheckpointer.EntriesPerCheckpoint / 2 * 3, (await store.QueryAsync(new LogQuery(), Ct)).Total);
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_UsesWalAndQueryIndexes()
    {
        using var connection = new SqliteConnection($"Data Source={Folder.File("logs.db")}");
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
            ["logs_anomaly_ts", "logs_endpoint_ts", "logs_error_code_ts", "logs_level_ts", "logs_pattern_ts", "logs_problems", "logs_problems_by_id", "logs_session_ts", "logs_ts", "logs_user_ts"],
            indexes);
        await Task.CompletedTask;
    }

    public static TheoryData<string, string> QueryShapes => new()
    {
        { "level", "logs_level_ts" },
        { "session", "logs_session_ts" },
        { "user", "logs_user_ts" },
        { "user", "SEARCH us USING PRIMARY KEY (user_id=?)" },
        { "errorCode", "logs_error_code_ts" },
        { "endpoint", "logs_endpoint_ts" },
        { "time", "logs_ts" },
        { "anomaly", "logs_anomaly_ts" },
        { "text", "logs_fts" },
        { "pattern", "logs_pattern_ts" },
    };

    [Theory]
    [MemberData(nameof(QueryShapes))]
    public async Task QueryAsync_EachQueryShape_UsesItsIndex(string shape, string index)
    {
        var query = shape switch
        {
            "level" => new LogQuery { Levels = [LogEntryLevel.Error, LogEntryLevel.Critical] },
            "session" => new LogQuery { SessionId = "sess_1" },
            "user" => new LogQuery { UserId = "user_1" },
            "errorCode" => new LogQuery { ErrorCode = "AUTH_FAILED" },
            "endpoint" => new LogQuery { Endpoint = "/api/payment" },
            "anomaly" => new LogQuery { AnomalyOnly = true },
            "text" => new LogQuery { Text = "payment" },
            "pattern" => new LogQuery { PatternId = "p1" },
            _ => new LogQuery { From = Entries.Start },
        };

        var plan = await ((SqliteLogStore)Store).ExplainAsync(query, Ct);

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
        if (shape != "time")
        {
            // Walking every entry, in table or time order, is what a selective query must not do.
            Assert.DoesNotContain(plan, step => step == "SCAN l" || step.StartsWith("SCAN l USING INDEX logs_ts", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("payment gateway", "\"payment\" \"gateway\"")]
    [InlineData("user_42", "\"user 42\"")]
    [InlineData("pay*", "\"pay\"*")]
    [InlineData("\"a\" OR (b)", "\"a\" \"OR\" \"b\"")]
    [InlineData("!!! ---", "")]
    [InlineData("a* a* A* a* b", "\"a\"* \"b\"")]
    [InlineData("a* -a* .a* a", "\"a\"* \"a\"")]
    public void ToFtsQuery_UserText_QuotesEveryWord(string text, string expected)
    {
        Assert.Equal(expected, SqliteLogStore.ToFtsQuery(text));
    }

    [Fact]
    public void ToFtsQuery_OneWordOfManyTokens_StopsAtTheTokenBound()
    {
        var query = SqliteLogStore.ToFtsQuery(string.Join(' ', Enumerable.Range(0, 40).Select(i => $"w{i}")) + " " + string.Join('.', Enumerable.Repeat("x", 500)));

        Assert.Equal(SqliteLogStore.MaxSearchTokens, query.Split(' ').Length);
    }

    private static SqliteLogStore Create(string path) => SqliteTestStores.Create(path);
}
