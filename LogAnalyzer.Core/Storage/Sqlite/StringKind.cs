namespace LogAnalyzer.Storage.Sqlite;

/// <summary>Which field a row of the <c>strings</c> table belongs to. The numbers are stored: never change them.</summary>
internal enum StringKind
{
    Endpoint = 1,
    User = 2,
    Session = 3,
    City = 4,
    ErrorCode = 5,
    Service = 6,
    Pattern = 7,
}
