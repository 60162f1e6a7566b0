using System.Globalization;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Text;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Catalog;

/// <summary>
/// What CreateCollection / AddCollectionField check before anything is stored, in the proxy's order
/// (createCollectionTask.PreExecute). Texts marked "unverified" come from our fact tables or memory;
/// everything else was checked against milvus-io/milvus internal/proxy/util.go.
/// </summary>
public static class SchemaValidator
{
    public const int MaxFieldNum = 64;
    public const int MaxVectorFieldNum = 4;
    public const int MaxShardNum = 16;
    public const int MaxDimension = 32768;
    public const int MaxVarCharLength = 65535;
    public const int MaxArrayCapacity = 4096;
    public const long MaxTtlSeconds = 3155760000;
    public const int DefaultPartitionsWithPartitionKey = 16;
    public const string DynamicFieldName = "$meta";
    public const long FirstFieldId = 100;

    private const string DataTypeEnum = "milvus.proto.schema.DataType";
    private const string FieldSchemaMessage = "milvus.proto.schema.FieldSchema";
    private const string CollectionSchemaMessage = "milvus.proto.schema.CollectionSchema";

    public static bool IsVector(DataType t) => t is DataType.FloatVector or DataType.BinaryVector or DataType.Float16Vector
        or DataType.Bfloat16Vector or DataType.SparseFloatVector or DataType.Int8Vector;

    private static bool IsDenseFloatLike(DataType t) => t is DataType.FloatVector or DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector;

    /// <summary>
    /// What a server of <paramref name="version"/> sees of a schema a newer client sent: proto3 parsers drop fields
    /// their proto does not have, so an older server silently ignores e.g. <c>nullable</c> (2.5) or <c>functions</c> (2.5)
    /// instead of rejecting them. That is the most faithful answer, so we strip them the same way.
    /// </summary>
    public static void StripUnknownFields(CollectionSchema schema, MilvusVersion version)
    {
        if (!RpcAvailability.IsFieldAvailable(CollectionSchemaMessage, "functions", version)) schema.Functions.Clear();
        foreach (var f in schema.Fields) StripUnknownFields(f, version);
    }

    public static void StripUnknownFields(FieldSchema field, MilvusVersion version)
    {
        if (!RpcAvailability.IsFieldAvailable(FieldSchemaMessage, "nullable", version)) field.Nullable = false;
        if (!RpcAvailability.IsFieldAvailable(FieldSchemaMessage, "is_function_output", version)) field.IsFunctionOutput = false;
        if (!RpcAvailability.IsFieldAvailable(FieldSchemaMessage, "is_clustering_key", version)) field.IsClusteringKey = false;
    }

    /// <summary>
    /// An enum value newer than the server (Float16Vector on 2.3, Int8Vector on 2.5): Go keeps the unknown number
    /// and its String() prints it, so the proxy's type switch falls through to its "not supported" branch.
    /// </summary>
    private static void CheckTypeKnown(DataType type, MilvusVersion version)
    {
        var name = Enum.GetName(type);
        if (name is null || !RpcAvailability.IsEnumValueAvailable(DataTypeEnum, ProtoName(type), version))
            // unverified text: an older proxy's wording for a data type it has no case for.
            throw MilvusError.ParameterInvalidMsg($"field data type: {((int)type).ToString(CultureInfo.InvariantCulture)} is not supported");
    }

    /// <summary>The proto enum names (C# renames BFloat16Vector and JSON).</summary>
    public static string ProtoName(DataType t) => t switch
    {
        DataType.Bfloat16Vector => "BFloat16Vector",
        DataType.Json => "JSON",
        _ => t.ToString(),
    };

    /// <summary>Validates a CreateCollection schema and returns the schema to store (field ids assigned, $meta added).</summary>
    public static CollectionSchema ValidateNew(CollectionSchema schema, string collectionName, ref long numPartitions, int shardsNum, MilvusVersion version)
    {
        StripUnknownFields(schema, version);
        if (shardsNum > MaxShardNum)
            // unverified text
            throw MilvusError.ParameterInvalidMsg($"maximum shards's number should be limited to {MaxShardNum}");

        if (schema.Name.Length == 0) schema.Name = collectionName;
        else if (schema.Name != collectionName)
            // unverified text (2.4 proxy, from memory)
            throw MilvusError.Plain($"collection name = {collectionName}, schema.Name={schema.Name}");

        if (schema.Fields.Count > MaxFieldNum)
            // unverified text (schema-limits: "from memory")
            throw MilvusError.ParameterInvalidMsg($"maximum field's number should be limited to {MaxFieldNum}");
        foreach (var f in schema.Fields) CheckTypeKnown(f.DataType, version);
        var vectorCount = schema.Fields.Count(f => IsVector(f.DataType));
        var maxVectors = version < new MilvusVersion(2, 4, 0) ? 1 : MaxVectorFieldNum;
        if (vectorCount > maxVectors)
            // unverified text (schema-limits: "from memory"); 2.3 allows exactly one vector field.
            throw MilvusError.ParameterInvalidMsg($"maximum vector field's number should be limited to {maxVectors}");
        if (vectorCount == 0)
            // unverified text
            throw MilvusError.ParameterInvalidMsg($"schema does not contain vector field: {collectionName}");

        Names.ValidateCollectionName(collectionName);
        ValidateDuplicatedFieldNames(schema.Fields);
        ValidatePrimaryKey(schema, version);
        if (schema.Fields.Any(f => f.IsDynamic))
            // unverified text
            throw MilvusError.ParameterInvalidMsg("cannot explicitly set a field as a dynamic field");
        ValidateAutoId(schema);
        ValidatePartitionKey(schema, ref numPartitions);
        ValidateClusteringKey(schema, collectionName);
        foreach (var field in schema.Fields) ValidateField(field, collectionName, version, isNew: false);
        ValidateFunctions(schema);
        // unverified order: the proxy checks analyzers inside its per-field loop; here they follow the function checks.
        foreach (var field in schema.Fields) ValidateAnalyzer(schema, field, version);

        var stored = schema.Clone();
        var id = FirstFieldId;
        foreach (var f in stored.Fields)
        {
            f.FieldID = id++;
            f.State = FieldState.FieldCreated;
        }
        if (stored.EnableDynamicField)
            stored.Fields.Add(new FieldSchema
            {
                FieldID = id,
                Name = DynamicFieldName,
                DataType = DataType.Json,
                IsDynamic = true,
                Description = "dynamic schema",
            });
        foreach (var fn in stored.Functions)
        {
            fn.InputFieldIds.Clear();
            fn.InputFieldIds.AddRange(fn.InputFieldNames.Select(n => stored.Fields.First(f => f.Name == n).FieldID));
            fn.OutputFieldIds.Clear();
            fn.OutputFieldIds.AddRange(fn.OutputFieldNames.Select(n => stored.Fields.First(f => f.Name == n).FieldID));
        }
        return stored;
    }

    private static void ValidateDuplicatedFieldNames(IEnumerable<FieldSchema> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
            if (!seen.Add(f.Name)) throw MilvusError.ParameterInvalidMsg($"duplicated field name {f.Name} found");
    }

    private static void ValidatePrimaryKey(CollectionSchema schema, MilvusVersion version)
    {
        FieldSchema? pk = null;
        foreach (var f in schema.Fields.Where(f => f.IsPrimaryKey))
        {
            if (pk is not null)
                throw MilvusError.ParameterInvalidMsg($"there are more than one primary key, field name = {pk.Name}, {f.Name}");
            if (f.DataType is not (DataType.Int64 or DataType.VarChar))
                throw MilvusError.ParameterInvalidMsg("the data type of primary key should be Int64 or VarChar");
            pk = f;
        }
        if (pk is null) throw MilvusError.ParameterInvalidMsg("primary key is not specified");
        // unverified text: older servers reject autoID on a VarChar primary key; field-types.tsv says current source allows it.
        if (pk.AutoID && pk.DataType == DataType.VarChar && version < new MilvusVersion(2, 6, 0))
            throw MilvusError.ParameterInvalidMsg("autoID is not supported when the VarChar field is the primary key");
        if (pk.Nullable)
            // unverified text
            throw MilvusError.ParameterInvalidMsg("primary field not support null");
        if (pk.DefaultValue is not null)
            // unverified text
            throw MilvusError.ParameterInvalidMsg("primary field not support default_value");
    }

    private static void ValidateAutoId(CollectionSchema schema)
    {
        FieldSchema? first = null;
        foreach (var f in schema.Fields.Where(f => f.AutoID))
        {
            if (first is not null)
                throw MilvusError.ParameterInvalidMsg($"only one field can speficy AutoID with true, field name = {first.Name}, {f.Name}");
            if (!f.IsPrimaryKey)
                throw MilvusError.ParameterInvalidMsg($"only primary field can speficy AutoID with true, field name = {f.Name}");
            first = f;
        }
    }

    private static void ValidatePartitionKey(CollectionSchema schema, ref long numPartitions)
    {
        // unverified texts in this method (proxy validatePartitionKey, from memory / schema-limits.tsv).
        FieldSchema? key = null;
        foreach (var f in schema.Fields.Where(f => f.IsPartitionKey))
        {
            if (key is not null)
                throw MilvusError.ParameterInvalidMsg($"there are more than one partition key, field name = {key.Name}, {f.Name}");
            if (f.IsPrimaryKey) throw MilvusError.ParameterInvalidMsg("the partition key field must not be primary field");
            if (f.DataType is not (DataType.Int64 or DataType.VarChar))
                throw MilvusError.ParameterInvalidMsg("the data type of partition key should be Int64 or VarChar");
            if (f.Nullable) throw MilvusError.ParameterInvalidMsg("partition key field not support nullable");
            key = f;
        }
        if (key is null)
        {
            if (numPartitions > 0)
                throw MilvusError.ParameterInvalidMsg("num_partitions should only be specified with partition key field enabled");
            numPartitions = 0;
            return;
        }
        if (numPartitions < 0)
            throw MilvusError.ParameterInvalidMsg("the specified partitions should be greater than 0 if partition key is used");
        if (numPartitions == 0) numPartitions = DefaultPartitionsWithPartitionKey;
        if (numPartitions > MilvusCatalog.MaxPartitionNum)
            throw MilvusError.ParameterInvalidMsg($"partition number ({numPartitions}) exceeds max configuration ({MilvusCatalog.MaxPartitionNum})");
    }

    private static void ValidateClusteringKey(CollectionSchema schema, string collectionName)
    {
        FieldSchema? key = null;
        foreach (var f in schema.Fields.Where(f => f.IsClusteringKey))
        {
            if (key is not null)
                // unverified text
                throw MilvusError.ParameterInvalidMsg($"there are more than one clustering key, field name = {key.Name}, {f.Name}");
            if (IsVector(f.DataType))
                throw MilvusError.Of("CollectionVectorClusteringKeyNotAllowed", ("collection", collectionName));
            key = f;
        }
    }

    private static string? TypeParam(FieldSchema f, string key) => f.TypeParams.FirstOrDefault(p => p.Key == key)?.Value;

    /// <summary>One field's own rules: name, type, type params, nullable/default value.</summary>
    public static void ValidateField(FieldSchema field, string collectionName, MilvusVersion version, bool isNew)
    {
        Names.ValidateFieldName(field.Name);
        if (isNew) CheckTypeKnown(field.DataType, version);
        switch (field.DataType)
        {
            case DataType.None: throw MilvusError.ParameterInvalidMsg("data type None is not valid");
            case DataType.String: throw MilvusError.ParameterInvalidMsg("string data type not supported yet, please use VarChar type instead");
        }

        if (IsVector(field.DataType)) ValidateDimension(field);
        if (field.DataType == DataType.VarChar) ValidateMaxLength(field, collectionName);
        if (field.DataType == DataType.Array)
        {
            switch (field.ElementType)
            {
                case DataType.Bool or DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64 or DataType.Float or DataType.Double or DataType.VarChar:
                    break;
                case DataType.String: throw MilvusError.ParameterInvalidMsg("string data type not supported yet, please use VarChar type instead");
                case DataType.None: throw MilvusError.ParameterInvalidMsg("element data type None is not valid");
                default: throw MilvusError.ParameterInvalidMsg($"element type {ProtoName(field.ElementType)} is not supported");
            }
            var cap = TypeParam(field, "max_capacity");
            if (cap is null)
                throw MilvusError.ParameterInvalidMsg($"type param(max_capacity) should be specified for array field {field.Name} of collection {collectionName}");
            if (!long.TryParse(cap, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c))
                throw MilvusError.ParameterInvalidMsg($"the value for max_capacity of field {field.Name} must be an integer");
            if (c is <= 0 or > MaxArrayCapacity)
                throw MilvusError.ParameterInvalidMsg($"the maximum capacity specified for a Array should be in (0, {MaxArrayCapacity}]");
            if (field.ElementType == DataType.VarChar) ValidateMaxLength(field, collectionName);
        }

        if (field.Nullable && IsVector(field.DataType) && !(isNew && version >= new MilvusVersion(2, 6, 18)))
            // unverified text; nullable vectors exist only as added fields on 2.6.18+.
            throw MilvusError.ParameterInvalidMsg($"vector type not support null, type:{ProtoName(field.DataType)}, fieldName:{field.Name}");
        if (field.DefaultValue is not null) ValidateDefaultValue(field, version);
    }

    private static void ValidateDimension(FieldSchema field)
    {
        // Texts from memory of util.go validateDimension (2.4+ form; plain errors there).
        var text = TypeParam(field, "dim");
        if (field.DataType == DataType.SparseFloatVector)
        {
            if (text is not null) throw MilvusError.ParameterInvalidMsg($"dim should not be specified for sparse vector field {field.Name}({field.FieldID})");
            return;
        }
        if (text is null)
            throw MilvusError.ParameterInvalidMsg("dimension is not defined in field type params, check type param `dim` for vector field");
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var dim))
            throw MilvusError.ParameterInvalidMsg($"strconv.ParseInt: parsing \"{text}\": invalid syntax");
        if (dim <= 1) throw MilvusError.ParameterInvalidMsg($"invalid dimension: {dim}. should be in range 2 ~ {MaxDimension}");
        if (IsDenseFloatLike(field.DataType))
        {
            if (dim > MaxDimension)
                throw MilvusError.ParameterInvalidMsg($"invalid dimension: {dim}. float vector dimension should be in range 2 ~ {MaxDimension}");
        }
        else
        {
            if (dim % 8 != 0) throw MilvusError.ParameterInvalidMsg($"invalid dimension: {dim}. binary vector dimension should be multiple of 8. ");
            if (dim > MaxDimension * 8L)
                throw MilvusError.ParameterInvalidMsg($"invalid dimension: {dim}. binary vector dimension should be in range 2 ~ {MaxDimension * 8}");
        }
    }

    /// <summary>The VarChar max_length (also for Array&lt;VarChar&gt; elements).</summary>
    public static long ValidateMaxLength(FieldSchema field, string collectionName)
    {
        var text = TypeParam(field, "max_length");
        if (text is null)
            // unverified text (schema-limits: 'type param(max_length) should be specified')
            throw MilvusError.ParameterInvalidMsg($"type param(max_length) should be specified for the field({field.Name}) of collection {collectionName}");
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            throw MilvusError.ParameterInvalidMsg($"the value for max_length of field {field.Name} must be an integer");
        if (n is <= 0 or > MaxVarCharLength)
            // unverified text
            throw MilvusError.ParameterInvalidMsg($"the maximum length specified for the field({field.Name}) should be in (0, {MaxVarCharLength}], but got {n} instead");
        return n;
    }

    private static void ValidateDefaultValue(FieldSchema field, MilvusVersion version)
    {
        // unverified texts in this method. default_value is in the 2.3/2.4 proto but the feature arrived with 2.5.
        if (version < new MilvusVersion(2, 5, 0)) throw MilvusError.ParameterInvalidMsg("default value is not supported");
        if (field.DataType is DataType.Json or DataType.Array || IsVector(field.DataType))
            throw MilvusError.ParameterInvalidMsg($"{ProtoName(field.DataType)} field {field.Name} does not support default values");
        var ok = field.DefaultValue.DataCase switch
        {
            ValueField.DataOneofCase.BoolData => field.DataType == DataType.Bool,
            ValueField.DataOneofCase.IntData => field.DataType is DataType.Int8 or DataType.Int16 or DataType.Int32,
            ValueField.DataOneofCase.LongData => field.DataType == DataType.Int64,
            ValueField.DataOneofCase.FloatData => field.DataType == DataType.Float,
            ValueField.DataOneofCase.DoubleData => field.DataType == DataType.Double,
            ValueField.DataOneofCase.StringData => field.DataType == DataType.VarChar,
            _ => false,
        };
        if (!ok) throw MilvusError.ParameterInvalidMsg($"type ({ProtoName(field.DataType)}) of field ({field.Name}) is not equal to the type({field.DefaultValue.DataCase}) of default_value");
        if (field.DataType == DataType.VarChar
            && long.TryParse(TypeParam(field, "max_length"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var max)
            && System.Text.Encoding.UTF8.GetByteCount(field.DefaultValue.StringData) > max)
            throw MilvusError.ParameterInvalidMsg($"the length ({System.Text.Encoding.UTF8.GetByteCount(field.DefaultValue.StringData)}) of string exceeds max length ({max})");
    }

    private static void ValidateFunctions(CollectionSchema schema)
    {
        // unverified texts in this method (function schema checks, from memory of validateFunction / BM25 checks).
        var names = new HashSet<string>(StringComparer.Ordinal);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fn in schema.Functions)
        {
            if (fn.Name.Length == 0) throw MilvusError.ParameterInvalidMsg("function name cannot be empty");
            if (!names.Add(fn.Name)) throw MilvusError.ParameterInvalidMsg($"duplicate function name: {fn.Name}");
            if (fn.Type != FunctionType.Bm25)
                throw MilvusError.ParameterInvalidMsg($"MilvusPS.Emulator supports BM25 functions only, got {fn.Type}");
            if (fn.InputFieldNames.Count != 1)
                throw MilvusError.ParameterInvalidMsg($"BM25 function only need 1 input field, but got {fn.InputFieldNames.Count}");
            if (fn.OutputFieldNames.Count != 1)
                throw MilvusError.ParameterInvalidMsg($"BM25 function only need 1 output field, but got {fn.OutputFieldNames.Count}");
            var input = schema.Fields.FirstOrDefault(f => f.Name == fn.InputFieldNames[0])
                ?? throw MilvusError.ParameterInvalidMsg($"function input field not found: {fn.InputFieldNames[0]}");
            var output = schema.Fields.FirstOrDefault(f => f.Name == fn.OutputFieldNames[0])
                ?? throw MilvusError.ParameterInvalidMsg($"function output field not found: {fn.OutputFieldNames[0]}");
            if (input.DataType != DataType.VarChar)
                throw MilvusError.ParameterInvalidMsg($"BM25 function input field must be a VARCHAR field, got {ProtoName(input.DataType)}");
            if (!string.Equals(TypeParam(input, "enable_analyzer"), "true", StringComparison.OrdinalIgnoreCase))
                throw MilvusError.ParameterInvalidMsg($"BM25 function input field must set enable_analyzer to true");
            if (output.DataType != DataType.SparseFloatVector)
                throw MilvusError.ParameterInvalidMsg($"BM25 function output field must be a SparseFloatVector field, got {ProtoName(output.DataType)}");
            if (!outputs.Add(output.Name)) throw MilvusError.ParameterInvalidMsg($"duplicate function output field: {output.Name}");
            if (output.Nullable) throw MilvusError.ParameterInvalidMsg("function output field cannot be nullable");
            output.IsFunctionOutput = true;
        }
        foreach (var f in schema.Fields.Where(f => f.IsFunctionOutput && !outputs.Contains(f.Name)))
            throw MilvusError.ParameterInvalidMsg($"field {f.Name} is marked as function output but no function produces it");
    }

    /// <summary>
    /// validateAnalyzer (proxy util.go, texts verified there): a VarChar field with enable_match, or the input of a
    /// BM25 function, must enable the analyzer, and its analyzer_params or multi_analyzer_params must build. Other
    /// fields' analyzer params are not looked at. Analyzers arrived in 2.5; earlier servers ignore these type params.
    /// </summary>
    public static void ValidateAnalyzer(CollectionSchema schema, FieldSchema field, MilvusVersion version)
    {
        if (version < new MilvusVersion(2, 5, 0)) return;
        var enableMatch = field.DataType == DataType.VarChar && IsGoTrue(TypeParam(field, "enable_match"));
        var bm25Input = schema.Functions.Any(f => f.Type == FunctionType.Bm25 && f.InputFieldNames.Contains(field.Name));
        if (!enableMatch && !bm25Input) return;
        if (!IsGoTrue(TypeParam(field, "enable_analyzer")))
            throw MilvusError.Plain($"field {field.Name} is set to enable match or bm25 function but not enable analyzer");

        var analyzerParams = TypeParam(field, FieldAnalysis.AnalyzerParamsKey);
        if (TypeParam(field, FieldAnalysis.MultiAnalyzerParamsKey) is { } multi)
        {
            if (enableMatch) throw MilvusError.Plain($"multi analyzer now only support for bm25, but now field {field.Name} enable match");
            if (analyzerParams is not null) throw MilvusError.Plain($"field {field.Name} analyzer params should be none if has multi analyzer params");
            // unverified order: Go ranges over a map, so with several bad analyzers the real server may name another first.
            foreach (var (name, text) in MultiAnalyzerParams.Parse(multi, schema).Analyzers)
            {
                try { AnalyzerFactory.Create(text); }
                catch (AnalyzerConfigException e) { throw MilvusError.Plain($"analyzer {name} params invalid: {e.ToMilvusError(text).Detail}"); }
            }
            return;
        }
        if (analyzerParams is not null) FieldAnalysis.Single(analyzerParams);
    }

    /// <summary>strconv.ParseBool's true spellings (typeutil's EnableMatch / EnableAnalyzer parse the type param so; from memory).</summary>
    private static bool IsGoTrue(string? value) => value is "1" or "t" or "T" or "true" or "TRUE" or "True";

    /// <summary>collection.ttl.seconds: an integer in [0, 100 years].</summary>
    public static void ValidateCollectionProperties(IEnumerable<KeyValuePair<string, string>> properties)
    {
        foreach (var (key, value) in properties)
        {
            if (key != "collection.ttl.seconds") continue;
            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ttl) || ttl < 0 || ttl > MaxTtlSeconds)
                // unverified text
                throw MilvusError.ParameterInvalidMsg($"collection TTL is not a valid positive integer: {value}");
        }
    }
}
