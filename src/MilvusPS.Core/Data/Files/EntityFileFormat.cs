namespace MilvusPS.Core.Data.Files;

/// <summary>The entity file formats Import-/Export-MilvusEntity read and write (Milvus's bulk-import formats).</summary>
public enum EntityFileFormat
{
    /// <summary>RFC 4180 CSV: a header of field names; vectors, arrays, JSON and sparse vectors as JSON text in the cell.</summary>
    Csv,

    /// <summary>JSON lines (.jsonl, .ndjson): one row object per line.</summary>
    JsonLines,

    /// <summary>A JSON array of row objects (Milvus 2.4+); <c>{"rows": [...]}</c> is read too.</summary>
    Json,

    /// <summary>Apache Parquet: one column per field, one row group per page.</summary>
    Parquet,
}

public static class EntityFileFormats
{
    /// <summary>The format a file name's extension says, or null when it says none we know.</summary>
    public static EntityFileFormat? FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => EntityFileFormat.Csv,
        ".jsonl" or ".ndjson" => EntityFileFormat.JsonLines,
        ".json" => EntityFileFormat.Json,
        ".parquet" => EntityFileFormat.Parquet,
        _ => null,
    };

    /// <summary>The extensions a format is known by, for messages.</summary>
    public const string KnownExtensions = ".csv, .jsonl, .ndjson, .json, .parquet";
}

/// <summary>
/// A file that cannot be read as the format says (bad JSON, an unterminated quote, not Parquet): the whole
/// file stops here. <see cref="Line"/> (text formats) or <see cref="Row"/> says where.
/// </summary>
public sealed class EntityFileException(string path, string message, long? line = null, long? row = null, Exception? inner = null)
    : Exception(Compose(path, message, line, row), inner)
{
    public string Path { get; } = path;
    public long? Line { get; } = line;
    public long? Row { get; } = row;

    private static string Compose(string path, string message, long? line, long? row) =>
        $"{System.IO.Path.GetFileName(path)}{(line is { } l ? $" line {l}" : row is { } r ? $" row {r}" : string.Empty)}: {message}";
}
