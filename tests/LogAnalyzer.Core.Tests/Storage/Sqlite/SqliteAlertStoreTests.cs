namespace LogAnalyzer.Tests.Storage.Sqlite;

/// <summary>The alert and analysis contract on a real SQLite file.</summary>
public sealed class SqliteAlertStoreTests() : AlertStoreContractTests(new SqliteTestStores());
