using System.Text;
using System.Text.Json;
using Google.Protobuf;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Storage;

internal enum MutationKind
{
    Insert,
    Upsert,
    PartialUpsert,
}

/// <summary>
/// Checks Insert/Upsert columns as the proxy does (insertTask/upsertTask.PreExecute: checkDynamicFieldData,
/// checkFieldsDataBySchema, checkPrimaryFieldData, partition key, validateUtil.Validate with fillWithValue and
/// checkAligned), in that order, and turns them into a <see cref="MutationBatch"/>. Texts were checked against
/// milvus-io/milvus internal/proxy (validate_util.go, util.go, task_insert.go) unless marked unverified.
/// </summary>
internal static class MutationValidator
{
    /// <summary>common.JSONMaxLength.</summary>
    public const int JsonMaxLength = 65536;

    private static MilvusError Invalid(object expected, object actual, string message) =>
        MilvusError.Of("ParameterInvalid", ("expected", expected), ("actual", actual)).Wrap(message);

    public static MutationBatch Validate(MilvusCatalog catalog, CollectionEntry c, IEnumerable<FieldData> input, uint numRows,
        string? partitionName, MutationKind kind, Func<int, long[]> allocateIds)
    {
        var version = catalog.Version;
        var schema = c.Schema;
        var fields = schema.Fields.ToList();
        var data = input.ToList();
        var n = (int)numRows;

        // checkDynamicFieldData
        var dynamicField = fields.FirstOrDefault(f => f.IsDynamic);
        FieldData? autoMeta = null;
        if (schema.EnableDynamicField && dynamicField is not null)
        {
            var dyn = data.FirstOrDefault(d => d.IsDynamic);
            if (dyn is not null)
            {
                dyn.FieldName = dynamicField.Name;
                VerifyDynamicRows(dyn, fields);
            }
            else
            {
                autoMeta = new FieldData { Type = DataType.Json, FieldName = dynamicField.Name, IsDynamic = true, Scalars = new ScalarField { JsonData = new JSONArray() } };
                for (var i = 0; i < n; i++) autoMeta.Scalars.JsonData.Data.Add(ByteString.CopyFromUtf8("{}"));
                data.Add(autoMeta);
            }
        }

        if (n <= 0) throw Invalid("invalid num_rows", n, "num_rows should be greater than 0");

        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (version >= new MilvusVersion(2, 6, 0))
            foreach (var d in data.Where(d => !byName.ContainsKey(d.FieldName)))
                // Verified (2.6 checkAndFlattenStructFieldData).
                throw MilvusError.ParameterInvalidMsg($"fieldName {d.FieldName} not exist in collection schema, fieldType {SchemaValidator.ProtoName(d.Type)}, fieldId {d.FieldId}");

        // checkFieldsDataBySchema
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in data)
            if (!names.Add(d.FieldName)) throw MilvusError.ParameterInvalidMsg($"duplicated field {d.FieldName} found");
        var pk = fields.First(f => f.IsPrimaryKey);
        if (kind == MutationKind.PartialUpsert && !names.Contains(pk.Name))
            // unverified text: partial update needs the key to find the rows.
            throw MilvusError.ParameterInvalidMsg($"fieldSchema({pk.Name}) has no corresponding fieldData pass in");
        var autoGen = 0;
        var absent = new HashSet<string>(StringComparer.Ordinal);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            var generated = (f.IsPrimaryKey && f.AutoID && kind == MutationKind.Insert) || f.IsFunctionOutput;
            if (generated) autoGen++;
            if (names.Contains(f.Name) || generated) continue;
            if (kind == MutationKind.PartialUpsert) { keep.Add(f.Name); continue; }
            if (f.DefaultValue is null && !f.Nullable)
                throw MilvusError.ParameterInvalidMsg($"fieldSchema({f.Name}) has no corresponding fieldData pass in");
            absent.Add(f.Name);
        }
        var expected = fields.Count;
        var actual = data.Count + autoGen + absent.Count + keep.Count;
        if (expected != actual) throw Invalid(expected, actual, "more fieldData has pass in");

        if (c.HasPartitionKey && !string.IsNullOrEmpty(partitionName))
            throw MilvusError.ParameterInvalidMsg("not support manually specifying the partition names if partition key mode is used");
        var partition = string.IsNullOrEmpty(partitionName) ? MilvusCatalog.DefaultPartitionName : partitionName;
        if (!c.HasPartitionKey) Names.ValidatePartitionName(partition);

        // validateUtil.Validate: per-field checks, then fillWithValue, then checkAligned.
        foreach (var d in data) CheckField(d, byName[d.FieldName]);
        var valid = new Dictionary<string, bool[]?>(StringComparer.Ordinal);
        foreach (var d in data) valid[d.FieldName] = Fill(d, byName[d.FieldName], n);
        foreach (var d in data) CheckAligned(d, byName[d.FieldName], n, valid[d.FieldName]);

        // Keys: generated for an auto-id insert, else the sent column.
        PrimaryKey[] keys;
        FieldData? generatedPk = null;
        if (pk.AutoID && kind == MutationKind.Insert)
        {
            var ids = allocateIds(n);
            generatedPk = new FieldData { Type = pk.DataType, FieldName = pk.Name, FieldId = pk.FieldID, Scalars = new ScalarField() };
            if (pk.DataType == DataType.VarChar)
            {
                // 2.6: a VarChar auto id is the allocated int64 as text.
                var text = ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                generatedPk.Scalars.StringData = new StringArray { Data = { text } };
                keys = text.Select(PrimaryKey.Of).ToArray();
            }
            else
            {
                generatedPk.Scalars.LongData = new LongArray { Data = { ids } };
                keys = ids.Select(PrimaryKey.Of).ToArray();
            }
        }
        else
        {
            var col = data.First(d => d.FieldName == pk.Name);
            keys = pk.DataType == DataType.VarChar
                ? col.Scalars.StringData.Data.Select(PrimaryKey.Of).ToArray()
                : col.Scalars.LongData.Data.Select(PrimaryKey.Of).ToArray();
        }

        // Partitions: a partition-key value hashes to one of the _default_N buckets.
        var partitionIds = new long[n];
        var partitions = catalog.PartitionsOf(c);
        if (c.HasPartitionKey)
        {
            var keyField = fields.First(f => f.IsPartitionKey);
            var keyData = data.First(d => d.FieldName == keyField.Name);
            var buckets = partitions.Where(p => p.Name.StartsWith(MilvusCatalog.DefaultPartitionName + "_", StringComparison.Ordinal))
                .OrderBy(p => int.TryParse(p.Name.AsSpan(MilvusCatalog.DefaultPartitionName.Length + 1), out var i) ? i : int.MaxValue)
                .ToArray();
            for (var r = 0; r < n; r++)
            {
                object value = keyField.DataType == DataType.VarChar ? keyData.Scalars.StringData.Data[r] : keyData.Scalars.LongData.Data[r];
                partitionIds[r] = buckets[PartitionKeyHash.Bucket(value, buckets.Length)].Id;
            }
        }
        else
        {
            var p = partitions.FirstOrDefault(x => x.Name == partition) ?? throw MilvusError.Of("PartitionNotFound", ("partition", partition));
            Array.Fill(partitionIds, p.Id);
        }

        var columns = new List<IncomingColumn>();
        foreach (var f in fields)
        {
            var index = new int[n];
            var column = new IncomingColumn { Field = f, Index = index, Default = DefaultData(f) };
            if (generatedPk is not null && f.IsPrimaryKey)
            {
                column.Source = generatedPk;
                for (var r = 0; r < n; r++) index[r] = r;
            }
            else if (keep.Contains(f.Name))
            {
                Array.Fill(index, IncomingColumn.Keep);
                if (f.IsDynamic)
                {
                    column.Source = new FieldData { Type = DataType.Json, FieldName = f.Name, Scalars = new ScalarField { JsonData = new JSONArray() } };
                    for (var r = 0; r < n; r++) column.Source.Scalars.JsonData.Data.Add(ByteString.CopyFromUtf8("{}"));
                }
            }
            else if (absent.Contains(f.Name) || data.All(d => d.FieldName != f.Name))
                Array.Fill(index, f.DefaultValue is not null ? IncomingColumn.UseDefault : IncomingColumn.Null);
            else
            {
                var d = data.First(x => x.FieldName == f.Name);
                column.Source = d;
                var v = valid[f.Name];
                var dense = 0;
                for (var r = 0; r < n; r++)
                    index[r] = v is null || v[r] ? dense++ : f.DefaultValue is not null ? IncomingColumn.UseDefault : IncomingColumn.Null;
            }
            if (kind == MutationKind.PartialUpsert && f.IsDynamic && autoMeta is not null && column.Source == autoMeta)
                Array.Fill(index, IncomingColumn.Keep); // no $meta sent: stored dynamic keys stay
            columns.Add(column);
        }
        return new MutationBatch { Rows = n, Keys = keys, PartitionIds = partitionIds, Columns = columns, Partial = kind == MutationKind.PartialUpsert };
    }

    private static void VerifyDynamicRows(FieldData dyn, List<FieldSchema> fields)
    {
        foreach (var row in dyn.Scalars?.JsonData?.Data ?? [])
        {
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(row.Memory);
                root = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                // unverified text tail: Go's encoding/json message differs from System.Text.Json's.
                throw MilvusError.ParameterInvalidMsg($"invalid dynamic field data, only json map is supported: {e.Message}");
            }
            if (root.ValueKind != JsonValueKind.Object)
                // unverified text tail (Go: "json: cannot unmarshal ... into Go value of type map[string]interface {}").
                throw MilvusError.ParameterInvalidMsg($"invalid dynamic field data, only json map is supported: json: cannot unmarshal {root.ValueKind.ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}");
            if (root.TryGetProperty(SchemaValidator.DynamicFieldName, out _))
                throw MilvusError.ParameterInvalidMsg($"cannot set json key to: {SchemaValidator.DynamicFieldName}");
            foreach (var f in fields.Where(f => !f.IsDynamic))
                if (root.TryGetProperty(f.Name, out _))
                    // unverified text
                    throw MilvusError.ParameterInvalidMsg($"dynamic field name cannot include the static field name: {f.Name}");
        }
    }

    /// <summary>How many values the column carries for its schema type, or null when the expected array is absent.</summary>
    internal static int? DenseCount(FieldData d, FieldSchema f) => f.DataType switch
    {
        DataType.Bool => d.Scalars?.BoolData?.Data.Count,
        DataType.Int8 or DataType.Int16 or DataType.Int32 => d.Scalars?.IntData?.Data.Count,
        DataType.Int64 => d.Scalars?.LongData?.Data.Count,
        DataType.Float => d.Scalars?.FloatData?.Data.Count,
        DataType.Double => d.Scalars?.DoubleData?.Data.Count,
        DataType.VarChar or DataType.String or DataType.Text => d.Scalars?.StringData?.Data.Count,
        DataType.Json => d.Scalars?.JsonData?.Data.Count,
        DataType.Array => d.Scalars?.ArrayData?.Data.Count,
        _ => null,
    };

    private static void CheckField(FieldData d, FieldSchema f)
    {
        var optional = f.DefaultValue is not null || f.Nullable;
        MilvusError Mismatch(string prefix, string need) => Invalid(need, "got nil", $"{prefix} '{f.Name}' is illegal, array type mismatch");
        switch (f.DataType)
        {
            case DataType.FloatVector:
                if (d.Vectors?.FloatVector is null) throw Invalid("need float vector", "got nil", $"float vector field '{f.Name}' is illegal, array type mismatch");
                CheckFinite(d.Vectors.FloatVector.Data);
                break;
            case DataType.Float16Vector:
                if (d.Vectors is null || d.Vectors.DataCase != VectorField.DataOneofCase.Float16Vector)
                    throw Invalid("need vector_float16 array", "got nil", $"float16 float field '{f.Name}' is illegal, nil Vector_Float16 type");
                break;
            case DataType.Bfloat16Vector:
                if (d.Vectors is null || d.Vectors.DataCase != VectorField.DataOneofCase.Bfloat16Vector)
                    throw Invalid("need vector_bfloat16 array", "got nil", $"bfloat16 float field '{f.Name}' is illegal, nil Vector_BFloat16 type");
                break;
            case DataType.BinaryVector:
                if (d.Vectors is null || d.Vectors.DataCase != VectorField.DataOneofCase.BinaryVector)
                    throw Invalid("need bytes array", "got nil", $"binary float vector field '{f.Name}' is illegal, array type mismatch");
                break;
            case DataType.Int8Vector:
                if (d.Vectors is null || d.Vectors.DataCase != VectorField.DataOneofCase.Int8Vector)
                    throw Invalid("need vector_int8 array", "got nil", $"int8 vector field '{f.Name}' is illegal, nil Vector_Int8 type");
                break;
            case DataType.SparseFloatVector:
                if (d.Vectors?.SparseFloatVector is null)
                    throw Invalid("need sparse float array", "got nil", $"sparse float field '{f.Name}' is illegal, nil SparseFloatVector");
                foreach (var row in d.Vectors.SparseFloatVector.Contents)
                    if (row.Length % 8 != 0)
                        // unverified text (typeutil.ValidateSparseFloatRows)
                        throw MilvusError.ParameterInvalidMsg("invalid data length in sparse float vector: " + row.Length);
                break;
            case DataType.VarChar:
                var strings = d.Scalars?.StringData?.Data;
                if (strings is null && !optional) throw Mismatch("varchar field", "need string array");
                if (!f.AutoID && strings is not null)
                {
                    var max = MaxLength(f);
                    for (var i = 0; i < strings.Count; i++)
                    {
                        var len = Encoding.UTF8.GetByteCount(strings[i]);
                        if (len > max)
                            throw MilvusError.ParameterInvalidMsg($"length of varchar field {f.Name} exceeds max length, row number: {i}, length: {len}, max length: {max}");
                    }
                }
                break;
            case DataType.Json:
                var json = d.Scalars?.JsonData?.Data;
                if (json is null && !optional) throw Mismatch("json field", "need json array");
                foreach (var s in json ?? [])
                {
                    if (s.Length <= JsonMaxLength) continue;
                    if (d.IsDynamic || f.IsDynamic)
                        throw Invalid("valid length dynamic field", "length exceeds max length", $"the length ({s.Length}) of dynamic field exceeds max length ({JsonMaxLength})");
                    throw Invalid("valid length json string", "length exceeds max length", $"the length ({s.Length}) of json field ({f.Name}) exceeds max length ({JsonMaxLength})");
                }
                break;
            case DataType.Int8 or DataType.Int16 or DataType.Int32:
                var ints = d.Scalars?.IntData?.Data;
                if (ints is null && !optional) throw Mismatch("field", "need int array");
                if (ints is not null && f.DataType is DataType.Int8 or DataType.Int16) CheckRange(ints, f.DataType);
                break;
            case DataType.Int64:
                if (d.Scalars?.LongData is null && !optional) throw Mismatch("field", "need long int array");
                break;
            case DataType.Float:
                if (d.Scalars?.FloatData is null && !optional) throw Mismatch("field", "need float32 array");
                if (d.Scalars?.FloatData is { } floats) CheckFinite(floats.Data);
                break;
            case DataType.Double:
                if (d.Scalars?.DoubleData is null && !optional) throw Mismatch("field", "need float64(double) array");
                if (d.Scalars?.DoubleData is { } doubles) CheckFinite(doubles.Data.Select(x => x));
                break;
            case DataType.Array:
                CheckArray(d, f);
                break;
        }
    }

    private static long MaxLength(FieldSchema f) =>
        long.TryParse(f.TypeParams.FirstOrDefault(p => p.Key == "max_length")?.Value, out var m) ? m : SchemaValidator.MaxVarCharLength;

    private static void CheckRange(IEnumerable<int> values, DataType type)
    {
        var (lo, hi) = type == DataType.Int8 ? (sbyte.MinValue, (long)sbyte.MaxValue) : (short.MinValue, (long)short.MaxValue);
        var i = 0;
        foreach (var v in values)
        {
            if (v < lo || v > hi)
                throw Invalid("integer doesn't overflow", "out of range", $"the {i}th element ({v}) out of range: [{lo}, {hi}]");
            i++;
        }
    }

    private static void CheckFinite(IEnumerable<float> values) => CheckFinite(values.Select(v => (double)v));

    private static void CheckFinite(IEnumerable<double> values)
    {
        var i = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v) || double.IsInfinity(v))
                // unverified text (typeutil.VerifyFloats32/64)
                throw MilvusError.ParameterInvalidMsg($"the {i}th element ({(double.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf")}) is not a finite number");
            i++;
        }
    }

    private static void CheckArray(FieldData d, FieldSchema f)
    {
        var array = d.Scalars?.ArrayData;
        if (array is null)
            throw Invalid($"need {SchemaValidator.ProtoName(f.ElementType)} array", "got nil", $"array field '{f.Name}' is illegal, array type mismatch");
        var capacity = long.TryParse(f.TypeParams.FirstOrDefault(p => p.Key == "max_capacity")?.Value, out var cap) ? cap : SchemaValidator.MaxArrayCapacity;
        var (label, expected) = f.ElementType switch
        {
            DataType.Bool => ("bool array", ScalarField.DataOneofCase.BoolData),
            DataType.Int8 or DataType.Int16 or DataType.Int32 => ("int array", ScalarField.DataOneofCase.IntData),
            DataType.Int64 => ("int64 array", ScalarField.DataOneofCase.LongData),
            DataType.Float => ("float array", ScalarField.DataOneofCase.FloatData),
            DataType.Double => ("double array", ScalarField.DataOneofCase.DoubleData),
            _ => ("string array", ScalarField.DataOneofCase.StringData),
        };
        for (var i = 0; i < array.Data.Count; i++)
        {
            var row = array.Data[i];
            var length = row.DataCase switch
            {
                ScalarField.DataOneofCase.BoolData => row.BoolData.Data.Count,
                ScalarField.DataOneofCase.IntData => row.IntData.Data.Count,
                ScalarField.DataOneofCase.LongData => row.LongData.Data.Count,
                ScalarField.DataOneofCase.FloatData => row.FloatData.Data.Count,
                ScalarField.DataOneofCase.DoubleData => row.DoubleData.Data.Count,
                ScalarField.DataOneofCase.StringData => row.StringData.Data.Count,
                _ => 0,
            };
            if (length > capacity)
                throw Invalid("valid length array", "array length exceeds max capacity", $"the length ({length}) of {i}th array exceeds max capacity ({capacity})");
        }
        for (var i = 0; i < array.Data.Count; i++)
        {
            var row = array.Data[i];
            if (row.DataCase == ScalarField.DataOneofCase.None) throw Invalid(label, "nil array", "insert data does not match");
            if (row.DataCase != expected)
                throw Invalid(label, $"*schemapb.ScalarField_{row.DataCase} array", "insert data does not match");
            if (expected == ScalarField.DataOneofCase.StringData)
            {
                var max = MaxLength(f);
                var strings = row.StringData.Data;
                for (var k = 0; k < strings.Count; k++)
                {
                    var len = Encoding.UTF8.GetByteCount(strings[k]);
                    if (len > max)
                        throw MilvusError.ParameterInvalidMsg($"length of Array array field \"{f.Name}\" exceeds max length, row number: {i}, array index: {k}, length: {len}, max length: {max}");
                }
            }
        }
    }

    /// <summary>fillWithValue: the effective valid_data (null when every row holds a value).</summary>
    private static bool[]? Fill(FieldData d, FieldSchema f, int n)
    {
        if (SchemaValidator.IsVector(f.DataType)) return null;
        var valid = d.ValidData.ToArray();
        if (f.Nullable && valid.Length == 0) valid = Enumerable.Repeat(true, n).ToArray();
        var dense = DenseCount(d, f) ?? 0;
        if (f.DefaultValue is null)
        {
            var expected = f.Nullable ? n : 0;
            if (valid.Length != expected) throw Invalid(expected, valid.Length, $"the length of valid_data of field({f.Name}) is wrong");
            if (!f.Nullable) return null;
        }
        else if (valid.Length != n)
            throw Invalid(n, valid.Length, $"the length of valid_data of field({f.Name}) is wrong");
        var count = valid.Count(v => v);
        if (dense != count) throw Invalid(count, dense, "the length of field is wrong");
        return valid;
    }

    private static void CheckAligned(FieldData d, FieldSchema f, int n, bool[]? valid)
    {
        MilvusError Rows(long got) => Invalid(n, got, $"the num_rows ({got}) of field ({f.Name}) is not equal to passed num_rows ({n})");
        MilvusError DimMismatch(long got, long dim) => Invalid(dim, got, $"the dim ({got}) of field data({f.Name}) is not equal to schema dim ({dim})");
        var dim = Column.Dim(f);
        long rows;
        switch (f.DataType)
        {
            case DataType.FloatVector:
            {
                var len = d.Vectors.FloatVector.Data.Count;
                if (dim <= 0 || len % dim != 0) throw MilvusError.Plain($"the length({len}) of float data should divide the dim({dim})");
                rows = len / dim;
                if (d.Vectors.Dim != dim) throw DimMismatch(d.Vectors.Dim, dim);
                break;
            }
            case DataType.Int8Vector:
            {
                var len = d.Vectors.Int8Vector.Length;
                // unverified text
                if (dim <= 0 || len % dim != 0) throw MilvusError.Plain($"the length({len}) of int8 data should divide the dim({dim})");
                rows = len / dim;
                if (d.Vectors.Dim != dim) throw DimMismatch(d.Vectors.Dim, dim);
                break;
            }
            case DataType.BinaryVector or DataType.Float16Vector or DataType.Bfloat16Vector:
            {
                if (d.Vectors.Dim != dim) throw DimMismatch(d.Vectors.Dim, dim);
                var bytes = f.DataType switch
                {
                    DataType.BinaryVector => d.Vectors.BinaryVector.Length,
                    DataType.Float16Vector => d.Vectors.Float16Vector.Length,
                    _ => d.Vectors.Bfloat16Vector.Length,
                };
                var per = ByteVectorColumn.BytesPerVector(f.DataType, dim);
                if (per <= 0 || bytes % per != 0)
                    // unverified text
                    throw MilvusError.Plain($"the length({bytes}) of {SchemaValidator.ProtoName(f.DataType)} data should divide the dim({dim})");
                rows = bytes / per;
                break;
            }
            case DataType.SparseFloatVector:
                rows = d.Vectors.SparseFloatVector.Contents.Count;
                break;
            default:
                rows = valid is not null ? valid.Length : DenseCount(d, f) ?? 0;
                break;
        }
        if (rows != n) throw Rows(rows);
    }

    private static FieldData? DefaultData(FieldSchema f)
    {
        if (f.DefaultValue is null) return null;
        var fd = new FieldData { Type = f.DataType, FieldName = f.Name, Scalars = new ScalarField() };
        var v = f.DefaultValue;
        switch (f.DataType)
        {
            case DataType.Bool: fd.Scalars.BoolData = new BoolArray { Data = { v.BoolData } }; break;
            case DataType.Int8 or DataType.Int16 or DataType.Int32: fd.Scalars.IntData = new IntArray { Data = { v.IntData } }; break;
            case DataType.Int64: fd.Scalars.LongData = new LongArray { Data = { v.LongData } }; break;
            case DataType.Float: fd.Scalars.FloatData = new FloatArray { Data = { v.FloatData } }; break;
            case DataType.Double: fd.Scalars.DoubleData = new DoubleArray { Data = { v.DoubleData } }; break;
            case DataType.VarChar or DataType.Text: fd.Scalars.StringData = new StringArray { Data = { v.StringData } }; break;
            case DataType.Json: fd.Scalars.JsonData = new JSONArray { Data = { v.BytesData } }; break;
            default: return null;
        }
        return fd;
    }
}
