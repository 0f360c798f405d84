namespace LogAnalyzer.Tests.Storage.Sqlite;

/// <summary>The insight contract on a real SQLite file.</summary>
public sealed class SqliteInsightTests() : InsightStoreContractTests(new SqliteTestStores());
