using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MilvusPS.Core.Schema;

/// <summary>A collection definition read from a YAML or JSON file: the schema plus creation options.</summary>
public sealed class CollectionDefinition
{
    public string? Name { get; init; }
    public required MilvusCollectionSchema Schema { get; init; }
    public int ShardsNum { get; init; } = 1;
    public MilvusConsistencyLevel ConsistencyLevel { get; init; } = MilvusConsistencyLevel.Bounded;
    public long NumPartitions { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Reads collection schema files (YAML, or JSON, which YAML reads too):
/// <code>
/// name: articles                 # optional; -Name wins
/// description: News articles
/// enableDynamicField: true
/// shardsNum: 1
/// consistencyLevel: Bounded
/// properties: { collection.ttl.seconds: 86400 }
/// fields:
///   - { name: id, type: Int64, primaryKey: true, autoId: true }
///   - { name: title, type: VarChar, maxLength: 512, enableAnalyzer: true }
///   - { name: embedding, type: FloatVector, dim: 768 }
///   - { name: sparse, type: SparseFloatVector }
/// functions:
///   - { name: bm25, type: BM25, inputFields: [title], outputFields: [sparse] }
/// </code>
/// </summary>
public static class SchemaFile
{
    public static CollectionDefinition Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The schema file '{path}' does not exist.", path);
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static CollectionDefinition Parse(TextReader reader, string source = "schema")
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        FileModel model;
        try
        {
            model = deserializer.Deserialize<FileModel>(reader) ?? throw new InvalidDataException($"{source} is empty.");
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source} is not a valid schema file: {e.Message}", e);
        }
        if (model.Fields is not { Count: > 0 }) throw new InvalidDataException($"{source} has no fields.");
        var schema = new MilvusCollectionSchema { Description = model.Description ?? string.Empty, EnableDynamicField = model.EnableDynamicField };
        foreach (var f in model.Fields)
        {
            if (string.IsNullOrWhiteSpace(f.Name)) throw new InvalidDataException($"{source}: a field has no name.");
            if (!DataTypes.TryParse(f.Type, out var type)) throw new InvalidDataException($"{source}: field '{f.Name}' has unknown type '{f.Type}'.");
            MilvusDataType? element = null;
            if (f.ElementType is not null)
            {
                if (!DataTypes.TryParse(f.ElementType, out var e)) throw new InvalidDataException($"{source}: field '{f.Name}' has unknown element type '{f.ElementType}'.");
                element = e;
            }
            var field = new MilvusField(f.Name, type)
            {
                Description = f.Description ?? string.Empty,
                IsPrimaryKey = f.PrimaryKey,
                AutoId = f.AutoId,
                Dimension = f.Dim,
                MaxLength = f.MaxLength,
                ElementType = element,
                MaxCapacity = f.MaxCapacity,
                Nullable = f.Nullable,
                DefaultValue = f.DefaultValue,
                IsPartitionKey = f.PartitionKey,
                IsClusteringKey = f.ClusteringKey,
                EnableAnalyzer = f.EnableAnalyzer,
                AnalyzerParams = f.AnalyzerParams,
                EnableMatch = f.EnableMatch,
                MmapEnabled = f.Mmap,
            };
            schema.Fields.Add(field);
        }
        foreach (var fn in model.Functions ?? [])
        {
            if (!Enum.TryParse<MilvusFunctionType>(fn.Type, ignoreCase: true, out var ft)) throw new InvalidDataException($"{source}: function '{fn.Name}' has unknown type '{fn.Type}'.");
            var function = new MilvusFunction(fn.Name ?? string.Empty, ft, fn.InputFields ?? [], fn.OutputFields ?? []) { Description = fn.Description ?? string.Empty };
            foreach (var (k, v) in fn.Params ?? []) function.Parameters[k] = v;
            schema.Functions.Add(function);
            foreach (var output in function.OutputFields)
                if (schema.Fields.FirstOrDefault(x => x.Name == output) is { } o) o.IsFunctionOutput = true;
        }
        MilvusConsistencyLevel level = MilvusConsistencyLevel.Bounded;
        if (model.ConsistencyLevel is not null && !Enum.TryParse(model.ConsistencyLevel, ignoreCase: true, out level))
            throw new InvalidDataException($"{source}: unknown consistency level '{model.ConsistencyLevel}'.");
        return new CollectionDefinition
        {
            Name = model.Name,
            Schema = schema,
            ShardsNum = model.ShardsNum ?? 1,
            ConsistencyLevel = level,
            NumPartitions = model.NumPartitions ?? 0,
            Properties = (model.Properties ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
    }

    // The file's shape; YamlDotNet fills it. Field names are camelCase in the file.
    private sealed class FileModel
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public bool EnableDynamicField { get; set; }
        public int? ShardsNum { get; set; }
        public string? ConsistencyLevel { get; set; }
        public long? NumPartitions { get; set; }
        public Dictionary<string, string>? Properties { get; set; }
        public List<FieldModel>? Fields { get; set; }
        public List<FunctionModel>? Functions { get; set; }
    }

    private sealed class FieldModel
    {
        public string Name { get; set; } = string.Empty;
        public string? Type { get; set; }
        public string? Description { get; set; }
        public bool PrimaryKey { get; set; }
        public bool AutoId { get; set; }
        public int? Dim { get; set; }
        public int? MaxLength { get; set; }
        public string? ElementType { get; set; }
        public int? MaxCapacity { get; set; }
        public bool Nullable { get; set; }
        public string? DefaultValue { get; set; }
        public bool PartitionKey { get; set; }
        public bool ClusteringKey { get; set; }
        public bool EnableAnalyzer { get; set; }
        public string? AnalyzerParams { get; set; }
        public bool EnableMatch { get; set; }
        public bool? Mmap { get; set; }
    }

    private sealed class FunctionModel
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? Description { get; set; }
        public List<string>? InputFields { get; set; }
        public List<string>? OutputFields { get; set; }
        public Dictionary<string, string>? Params { get; set; }
    }
}
