namespace MilvusPS.Core.Data.Files;

/// <summary>
/// One row read from a file: its number in the file (1-based), where it is ("line 12", "row 7"), and its
/// values (field name → plain .NET value, for EntityBatchBuilder to check and convert), or why the row
/// could not be read at all (a ragged CSV line, a JSON line that does not parse).
/// </summary>
public sealed class EntityFileRow
{
    public required long Number { get; init; }
    public required string Location { get; init; }
    public Dictionary<string, object?>? Values { get; init; }
    public string? Problem { get; init; }
    public string? ProblemField { get; init; }
}

/// <summary>How to read a file for a collection.</summary>
public sealed class EntityFileReadOptions
{
    /// <summary>Rows will be upserted: the primary key is required even when the server generates ids.</summary>
    public bool Upsert { get; init; }
}
