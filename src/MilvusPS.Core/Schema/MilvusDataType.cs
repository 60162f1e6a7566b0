namespace MilvusPS.Core.Schema;

/// <summary>Milvus field data types (the numbers are the wire values of schema.DataType).</summary>
public enum MilvusDataType
{
    Bool = 1,
    Int8 = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    Float = 10,
    Double = 11,
    VarChar = 21,
    Array = 22,
    Json = 23,
    Geometry = 24,
    Text = 25,
    Timestamptz = 26,
    BinaryVector = 100,
    FloatVector = 101,
    Float16Vector = 102,
    BFloat16Vector = 103,
    SparseFloatVector = 104,
    Int8Vector = 105,
}

/// <summary>Facts about data types the core needs before a call leaves the machine.</summary>
public static class DataTypes
{
    public static bool IsVector(this MilvusDataType type) => (int)type is >= 100 and < 200;

    /// <summary>Vector types with a dimension (all but sparse).</summary>
    public static bool IsDenseVector(this MilvusDataType type) => type.IsVector() && type != MilvusDataType.SparseFloatVector;

    /// <summary>Types a primary key may have.</summary>
    public static bool CanBePrimaryKey(this MilvusDataType type) => type is MilvusDataType.Int64 or MilvusDataType.VarChar;

    /// <summary>Types an Array field may hold.</summary>
    public static bool CanBeArrayElement(this MilvusDataType type) =>
        type is MilvusDataType.Bool or MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 or MilvusDataType.Int64
            or MilvusDataType.Float or MilvusDataType.Double or MilvusDataType.VarChar;

    /// <summary>The name Milvus uses for the type in schema.DataType (e.g. JSON, not Json).</summary>
    public static string WireName(this MilvusDataType type) => type == MilvusDataType.Json ? "JSON" : type.ToString();

    /// <summary>Parses a type name the way users write it: case-insensitive, "json", "floatvector", "float_vector", "varchar".</summary>
    public static bool TryParse(string? text, out MilvusDataType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var key = text.Replace("_", string.Empty, StringComparison.Ordinal).Trim();
        if (key.Equals("string", StringComparison.OrdinalIgnoreCase)) key = "VarChar";
        return Enum.TryParse(key, ignoreCase: true, out type) && Enum.IsDefined(type) && !int.TryParse(key, out _);
    }
}
