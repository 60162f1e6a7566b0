namespace MilvusPS.Core.Schema;

/// <summary>One field of a collection schema: the whole Milvus field model, independent of the wire.</summary>
public sealed class MilvusField
{
    public MilvusField(string name, MilvusDataType dataType)
    {
        Name = name;
        DataType = dataType;
    }

    public string Name { get; set; }
    public MilvusDataType DataType { get; set; }
    public string Description { get; set; } = string.Empty;

    /// <summary>The server-assigned id (100 and up); 0 for a field not yet created.</summary>
    public long FieldId { get; set; }

    public bool IsPrimaryKey { get; set; }

    /// <summary>The server generates the primary key (primary key only).</summary>
    public bool AutoId { get; set; }

    /// <summary>Vector dimension (dense vectors; bits for BinaryVector).</summary>
    public int? Dimension { get; set; }

    /// <summary>VarChar (and Array of VarChar) maximum length in bytes.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Array element type.</summary>
    public MilvusDataType? ElementType { get; set; }

    /// <summary>Array maximum number of elements.</summary>
    public int? MaxCapacity { get; set; }

    public bool Nullable { get; set; }

    /// <summary>The default value (a bool, integer, floating-point number or string), 2.5+.</summary>
    public object? DefaultValue { get; set; }

    public bool IsPartitionKey { get; set; }
    public bool IsClusteringKey { get; set; }

    /// <summary>The hidden $meta JSON field that holds dynamic fields (set by the server).</summary>
    public bool IsDynamic { get; set; }

    /// <summary>The field is filled by a function (e.g. the sparse output of BM25).</summary>
    public bool IsFunctionOutput { get; set; }

    /// <summary>VarChar: tokenize the text (needed as a BM25 input).</summary>
    public bool EnableAnalyzer { get; set; }

    /// <summary>VarChar: analyzer settings as JSON, e.g. {"type":"english"}.</summary>
    public string? AnalyzerParams { get; set; }

    /// <summary>VarChar: keep an inverted index for text_match.</summary>
    public bool EnableMatch { get; set; }

    /// <summary>Memory-map the field's data (mmap.enabled), when set.</summary>
    public bool? MmapEnabled { get; set; }

    /// <summary>Type parameters this model has no property for, kept as the server sent them.</summary>
    public Dictionary<string, string> ExtraTypeParams { get; } = new(StringComparer.Ordinal);

    public bool IsVector => DataType.IsVector();

    /// <summary>A short type text such as FloatVector(768), VarChar(512) or Array<Int64>[100].</summary>
    public string TypeText => DataType switch
    {
        _ when DataType.IsDenseVector() && Dimension is { } d => $"{DataType}({d})",
        MilvusDataType.VarChar when MaxLength is { } l => $"VarChar({l})",
        MilvusDataType.Array => $"Array<{ElementType}{(ElementType == MilvusDataType.VarChar && MaxLength is { } al ? $"({al})" : string.Empty)}>[{MaxCapacity}]",
        _ => DataType.ToString(),
    };

    public override string ToString() => $"{Name} {TypeText}";
}

/// <summary>A schema function: BM25 (text to sparse vector), text embedding or rerank.</summary>
public sealed class MilvusFunction
{
    public MilvusFunction(string name, MilvusFunctionType type, IReadOnlyList<string> inputFields, IReadOnlyList<string> outputFields)
    {
        Name = name;
        Type = type;
        InputFields = inputFields;
        OutputFields = outputFields;
    }

    public string Name { get; }
    public MilvusFunctionType Type { get; }
    public IReadOnlyList<string> InputFields { get; }
    public IReadOnlyList<string> OutputFields { get; }
    public string Description { get; set; } = string.Empty;
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);
    public override string ToString() => $"{Name} {Type}({string.Join(",", InputFields)} -> {string.Join(",", OutputFields)})";
}

public enum MilvusFunctionType
{
    BM25 = 1,
    TextEmbedding = 2,
    Rerank = 3,
}

/// <summary>How fresh reads must be (Milvus consistency levels).</summary>
public enum MilvusConsistencyLevel
{
    Strong = 0,
    Session = 1,
    Bounded = 2,
    Eventually = 3,
    Customized = 4,
}

/// <summary>A collection schema: fields, functions, dynamic field switch, description.</summary>
public sealed class MilvusCollectionSchema
{
    public string Description { get; set; } = string.Empty;
    public bool EnableDynamicField { get; set; }
    public List<MilvusField> Fields { get; } = [];
    public List<MilvusFunction> Functions { get; } = [];

    /// <summary>The primary key field, when the schema has one.</summary>
    public MilvusField? PrimaryKey => Fields.FirstOrDefault(f => f.IsPrimaryKey);

    public IEnumerable<MilvusField> VectorFields => Fields.Where(f => f.IsVector);

    /// <summary>The user's fields (the server's hidden $meta field left out).</summary>
    public IEnumerable<MilvusField> UserFields => Fields.Where(f => !f.IsDynamic);
}
