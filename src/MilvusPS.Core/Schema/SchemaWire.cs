using System.Globalization;
using MilvusPS.Core.Capabilities;
using MilvusPS.Protocol;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;
using WireField = MilvusPS.Protocol.FieldSchema;
using WireSchema = MilvusPS.Protocol.CollectionSchema;

namespace MilvusPS.Core.Schema;

/// <summary>The one place the schema model meets the wire: CollectionSchema, FieldSchema, FunctionSchema.</summary>
public static class SchemaWire
{
    // Type parameter keys Milvus reads from FieldSchema.type_params.
    private const string Dim = "dim";
    private const string MaxLengthKey = "max_length";
    private const string MaxCapacityKey = "max_capacity";
    private const string EnableAnalyzerKey = "enable_analyzer";
    private const string AnalyzerParamsKey = "analyzer_params";
    private const string EnableMatchKey = "enable_match";
    private const string MmapKey = "mmap.enabled";

    public static WireSchema ToWire(string collectionName, MilvusCollectionSchema schema)
    {
        var wire = new WireSchema
        {
            Name = collectionName,
            Description = schema.Description,
            EnableDynamicField = schema.EnableDynamicField,
        };
        wire.Fields.AddRange(schema.UserFields.Select(ToWire));
        foreach (var f in schema.Functions)
        {
            var fn = new FunctionSchema { Name = f.Name, Type = (FunctionType)(int)f.Type, Description = f.Description };
            fn.InputFieldNames.AddRange(f.InputFields);
            fn.OutputFieldNames.AddRange(f.OutputFields);
            fn.Params.AddRange(f.Parameters.Select(p => new KeyValuePair { Key = p.Key, Value = p.Value }));
            wire.Functions.Add(fn);
        }
        return wire;
    }

    public static WireField ToWire(MilvusField field)
    {
        var wire = new WireField
        {
            Name = field.Name,
            Description = field.Description,
            DataType = (DataType)(int)field.DataType,
            IsPrimaryKey = field.IsPrimaryKey,
            AutoID = field.AutoId,
            Nullable = field.Nullable,
            IsPartitionKey = field.IsPartitionKey,
            IsClusteringKey = field.IsClusteringKey,
            IsFunctionOutput = field.IsFunctionOutput,
        };
        if (field.ElementType is { } element) wire.ElementType = (DataType)(int)element;
        void Param(string key, string? value)
        {
            if (value is not null) wire.TypeParams.Add(new KeyValuePair { Key = key, Value = value });
        }
        Param(Dim, field.Dimension?.ToString(CultureInfo.InvariantCulture));
        Param(MaxLengthKey, field.MaxLength?.ToString(CultureInfo.InvariantCulture));
        Param(MaxCapacityKey, field.MaxCapacity?.ToString(CultureInfo.InvariantCulture));
        if (field.EnableAnalyzer) Param(EnableAnalyzerKey, "true");
        Param(AnalyzerParamsKey, field.AnalyzerParams);
        if (field.EnableMatch) Param(EnableMatchKey, "true");
        Param(MmapKey, field.MmapEnabled?.ToString().ToLowerInvariant());
        foreach (var (k, v) in field.ExtraTypeParams) Param(k, v);
        if (field.DefaultValue is not null) wire.DefaultValue = DefaultValueToWire(field);
        return wire;
    }

    public static MilvusCollectionSchema FromWire(WireSchema wire)
    {
        var schema = new MilvusCollectionSchema { Description = wire.Description, EnableDynamicField = wire.EnableDynamicField };
        schema.Fields.AddRange(wire.Fields.Select(FromWire));
        foreach (var f in wire.Functions)
        {
            var fn = new MilvusFunction(f.Name, (MilvusFunctionType)(int)f.Type, f.InputFieldNames.ToList(), f.OutputFieldNames.ToList()) { Description = f.Description };
            foreach (var p in f.Params) fn.Parameters[p.Key] = p.Value;
            schema.Functions.Add(fn);
        }
        return schema;
    }

    public static MilvusField FromWire(WireField wire)
    {
        var field = new MilvusField(wire.Name, (MilvusDataType)(int)wire.DataType)
        {
            FieldId = wire.FieldID,
            Description = wire.Description,
            IsPrimaryKey = wire.IsPrimaryKey,
            AutoId = wire.AutoID,
            Nullable = wire.Nullable,
            IsPartitionKey = wire.IsPartitionKey,
            IsClusteringKey = wire.IsClusteringKey,
            IsDynamic = wire.IsDynamic,
            IsFunctionOutput = wire.IsFunctionOutput,
            ElementType = wire.DataType == DataType.Array ? (MilvusDataType)(int)wire.ElementType : null,
        };
        foreach (var p in wire.TypeParams)
        {
            switch (p.Key)
            {
                case Dim: field.Dimension = ParseInt(p.Value); break;
                case MaxLengthKey: field.MaxLength = ParseInt(p.Value); break;
                case MaxCapacityKey: field.MaxCapacity = ParseInt(p.Value); break;
                case EnableAnalyzerKey: field.EnableAnalyzer = IsTrue(p.Value); break;
                case AnalyzerParamsKey: field.AnalyzerParams = p.Value; break;
                case EnableMatchKey: field.EnableMatch = IsTrue(p.Value); break;
                case MmapKey: field.MmapEnabled = IsTrue(p.Value); break;
                default: field.ExtraTypeParams[p.Key] = p.Value; break;
            }
        }
        if (wire.DefaultValue is { } dv) field.DefaultValue = DefaultValueFromWire(dv);
        return field;
    }

    /// <summary>The schema features a server of this version must have (nullable, defaults, functions, vector types), checked before sending.</summary>
    public static void RequireFeatures(MilvusCollectionSchema schema, ServerCapabilities capabilities, string operation, string target)
    {
        if (schema.Fields.Any(f => f.Nullable)) capabilities.Require("NullableFields", operation, target);
        if (schema.Fields.Any(f => f.DefaultValue is not null)) capabilities.Require("DefaultValues", operation, target);
        if (schema.Functions.Count > 0) capabilities.Require("Functions", operation, target);
        if (schema.Fields.Any(f => f.IsClusteringKey)) capabilities.Require("ClusteringKey", operation, target);
        foreach (var type in schema.Fields.Select(f => f.DataType).Distinct())
        {
            var feature = type switch
            {
                MilvusDataType.SparseFloatVector => "SparseFloatVector",
                MilvusDataType.Float16Vector => "Float16Vector",
                MilvusDataType.BFloat16Vector => "BFloat16Vector",
                MilvusDataType.Int8Vector => "Int8Vector",
                _ => null,
            };
            if (feature is not null) capabilities.Require(feature, operation, target);
        }
    }

    private static ValueField DefaultValueToWire(MilvusField field)
    {
        var v = field.DefaultValue!;
        var c = CultureInfo.InvariantCulture;
        try
        {
            return field.DataType switch
            {
                MilvusDataType.Bool => new ValueField { BoolData = Convert.ToBoolean(v, c) },
                MilvusDataType.Int8 or MilvusDataType.Int16 or MilvusDataType.Int32 => new ValueField { IntData = Convert.ToInt32(v, c) },
                MilvusDataType.Int64 => new ValueField { LongData = Convert.ToInt64(v, c) },
                MilvusDataType.Float => new ValueField { FloatData = Convert.ToSingle(v, c) },
                MilvusDataType.Double => new ValueField { DoubleData = Convert.ToDouble(v, c) },
                MilvusDataType.VarChar => new ValueField { StringData = Convert.ToString(v, c) ?? string.Empty },
                _ => throw new ArgumentException($"Field '{field.Name}' is {field.DataType}; Milvus supports default values only for Bool, integer, Float, Double and VarChar fields."),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"The default value '{v}' of field '{field.Name}' is not a valid {field.DataType}.", e);
        }
    }

    private static object? DefaultValueFromWire(ValueField v) => v.DataCase switch
    {
        ValueField.DataOneofCase.BoolData => v.BoolData,
        ValueField.DataOneofCase.IntData => v.IntData,
        ValueField.DataOneofCase.LongData => v.LongData,
        ValueField.DataOneofCase.FloatData => v.FloatData,
        ValueField.DataOneofCase.DoubleData => v.DoubleData,
        ValueField.DataOneofCase.StringData => v.StringData,
        ValueField.DataOneofCase.TimestamptzData => v.TimestamptzData,
        ValueField.DataOneofCase.BytesData => v.BytesData.ToByteArray(),
        _ => null,
    };

    private static int? ParseInt(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static bool IsTrue(string s) => s.Equals("true", StringComparison.OrdinalIgnoreCase);
}
