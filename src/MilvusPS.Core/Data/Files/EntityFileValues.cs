using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MilvusPS.Core.Schema;

namespace MilvusPS.Core.Data.Files;

/// <summary>
/// The file side of entity values, shared by every format: JSON from a file to the plain values
/// EntityBatchBuilder takes (per field type, Milvus's bulk-import conventions), and the values a query
/// returns (FieldDataReader's types) to JSON or CSV text.
/// </summary>
internal static class EntityFileValues
{
    public const string MetaColumn = "$meta";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// A row object from a JSON file: fields by the schema, other keys as dynamic fields, and a <c>$meta</c>
    /// object (or JSON text) spread into dynamic fields. Returns the problem instead when the row is not an object.
    /// </summary>
    public static Dictionary<string, object?> FromJsonRow(JsonElement row, FileSchema schema, out string? problem, out string? problemField)
    {
        problem = problemField = null;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (row.ValueKind != JsonValueKind.Object)
        {
            problem = $"a row must be a JSON object, not {row.ValueKind}.";
            return values;
        }
        JsonElement? meta = null;
        foreach (var p in row.EnumerateObject())
        {
            if (p.Name == MetaColumn)
            {
                meta = p.Value;
                continue;
            }
            values[p.Name] = FromJson(p.Value, schema.Field(p.Name));
        }
        if (meta is { } m && !MergeMeta(values, m, schema, out problem)) problemField = MetaColumn;
        return values;
    }

    /// <summary>Spreads a <c>$meta</c> value (an object, or JSON text of one) into dynamic fields; a key given twice is a problem.</summary>
    public static bool MergeMeta(Dictionary<string, object?> values, JsonElement meta, FileSchema schema, out string? problem)
    {
        problem = null;
        if (meta.ValueKind == JsonValueKind.Null) return true;
        if (meta.ValueKind == JsonValueKind.String)
        {
            var text = meta.GetString()!;
            if (text.Length == 0) return true;
            try
            {
                using var doc = JsonDocument.Parse(text);
                return MergeMeta(values, doc.RootElement.Clone(), schema, out problem);
            }
            catch (JsonException e)
            {
                problem = $"$meta is not JSON: {e.Message}";
                return false;
            }
        }
        if (meta.ValueKind != JsonValueKind.Object)
        {
            problem = "$meta must be a JSON object of dynamic fields.";
            return false;
        }
        foreach (var p in meta.EnumerateObject())
        {
            if (values.ContainsKey(p.Name) || schema.Has(p.Name))
            {
                problem = $"the dynamic field '{p.Name}' is given twice (in $meta and as a key of its own).";
                return false;
            }
            values[p.Name] = Plain(p.Value);
        }
        return true;
    }

    /// <summary>
    /// A JSON value for a field: numbers as long or double, vectors of numbers as float[], binary vectors as
    /// the bytes Milvus's files hold (dim/8 numbers 0-255), JSON fields as JSON text (a string in the file is
    /// taken as JSON text, as Milvus's import does), anything else as plain lists and dictionaries.
    /// </summary>
    public static object? FromJson(JsonElement e, MilvusField? field)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        switch (field?.DataType)
        {
            case MilvusDataType.Json:
                return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
            case MilvusDataType.FloatVector or MilvusDataType.Float16Vector or MilvusDataType.BFloat16Vector when AllNumbers(e) && e.EnumerateArray().All(x => x.TryGetSingle(out _)):
                var floats = new float[e.GetArrayLength()];
                var i = 0;
                foreach (var x in e.EnumerateArray()) floats[i++] = x.GetSingle();
                return floats;
            case MilvusDataType.BinaryVector when AllNumbers(e) && e.EnumerateArray().All(x => x.TryGetByte(out _)):
                return e.EnumerateArray().Select(x => x.GetByte()).ToArray();
            case MilvusDataType.SparseFloatVector when e.ValueKind == JsonValueKind.String:
                return ParseText(e.GetString()!, field);
            default:
                return Plain(e);
        }
    }

    /// <summary>JSON text (a CSV cell, a Parquet string) for a field whose values are JSON: vectors, arrays, sparse vectors.</summary>
    public static object? ParseText(string text, MilvusField? field)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return FromJson(doc.RootElement, field);
        }
        catch (JsonException)
        {
            throw new EntityValueException($"the text is not valid JSON: '{(text.Length <= 40 ? text : text[..37] + "...")}'.");
        }
    }

    /// <summary>A JsonException's message without the position System.Text.Json appends (the caller names the line its own way).</summary>
    public static string Describe(JsonException e) => e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.');

    private static bool AllNumbers(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number);

    /// <summary>Any JSON value as plain .NET values: long or double, string, bool, List, Dictionary.</summary>
    public static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number when e.TryGetDouble(out var d) && double.IsFinite(d) => d,
        // Beyond double's range: kept as its text, which the field's conversion then refuses with a reason.
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>
    /// Writes a value as a query returned it. JSON fields holding an object are nested; other JSON values
    /// (strings, numbers, arrays) are written as a string of their JSON text, the one form every Milvus
    /// version's JSON import takes for a JSON field, and what a JSON field's string means on the way back in.
    /// </summary>
    public static void WriteJson(Utf8JsonWriter w, MilvusField? field, object? value, bool jsonFieldAsText = false)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case JsonElement j when field?.DataType == MilvusDataType.Json && (jsonFieldAsText || j.ValueKind != JsonValueKind.Object):
                w.WriteStringValue(j.GetRawText());
                break;
            case JsonElement j: j.WriteTo(w); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case float f: w.WriteNumberValue(f); break;
            case double d: w.WriteNumberValue(d); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case float[] fs:
                w.WriteStartArray();
                foreach (var x in fs) w.WriteNumberValue(x);
                w.WriteEndArray();
                break;
            // The runtime lets an sbyte[] pass for a byte[] and back: match the exact type.
            case sbyte[] sbytes when value.GetType() == typeof(sbyte[]):
                w.WriteStartArray();
                foreach (var x in sbytes) w.WriteNumberValue(x);
                w.WriteEndArray();
                break;
            case byte[] bytes:
                w.WriteStartArray();
                foreach (var x in bytes) w.WriteNumberValue(x);
                w.WriteEndArray();
                break;
            case IDictionary<long, float> sparse:
                // Milvus's row form of a sparse vector: {"index": value}, indices ascending.
                w.WriteStartObject();
                foreach (var (index, v) in sparse.OrderBy(kv => kv.Key)) w.WriteNumber(index.ToString(C), v);
                w.WriteEndObject();
                break;
            case IDictionary d:
                w.WriteStartObject();
                foreach (DictionaryEntry kv in d)
                {
                    w.WritePropertyName(Convert.ToString(kv.Key, C) ?? string.Empty);
                    WriteJson(w, null, kv.Value);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var x in list) WriteJson(w, null, x);
                w.WriteEndArray();
                break;
            case IFormattable n:
                w.WriteRawValue(n.ToString(null, C));
                break;
            default:
                w.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>A CSV cell's text: scalars as invariant text, JSON fields as their JSON text, vectors, arrays and sparse vectors as JSON; null for a null.</summary>
    public static string? CsvText(MilvusField? field, object? value, ArrayBufferWriter<byte> scratch)
    {
        switch (value)
        {
            case null: return null;
            case string s: return s;
            case bool b: return b ? "true" : "false";
            case float f: return f.ToString("R", C);
            case double d: return d.ToString("R", C);
            case long or int or short or sbyte: return Convert.ToString(value, C);
            case JsonElement j: return j.GetRawText();
        }
        scratch.Clear();
        using (var w = new Utf8JsonWriter(scratch))
            WriteJson(w, field, value);
        return Encoding.UTF8.GetString(scratch.WrittenSpan);
    }

    /// <summary>The dynamic fields of a result row (keys that are not schema fields) as one JSON object text.</summary>
    public static string MetaText(IReadOnlyDictionary<string, object?> row, FileSchema schema, ArrayBufferWriter<byte> scratch)
    {
        scratch.Clear();
        using (var w = new Utf8JsonWriter(scratch))
        {
            w.WriteStartObject();
            foreach (var (key, value) in row)
            {
                if (schema.Has(key)) continue;
                w.WritePropertyName(key);
                WriteJson(w, null, value);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(scratch.WrittenSpan);
    }
}

/// <summary>A collection schema as files see it: its fields by name (the hidden $meta left out) and whether it keeps dynamic fields.</summary>
internal sealed class FileSchema
{
    private readonly Dictionary<string, MilvusField> _fields;

    public FileSchema(MilvusCollectionSchema schema)
    {
        Schema = schema;
        _fields = schema.UserFields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public MilvusCollectionSchema Schema { get; }
    public bool Dynamic => Schema.EnableDynamicField;
    public MilvusField? Field(string name) => _fields.GetValueOrDefault(name);
    public bool Has(string name) => _fields.ContainsKey(name);

    /// <summary>Fields a file must have a column for: not nullable, no default, not filled by a function, not a server-generated key (unless upserting).</summary>
    public IEnumerable<MilvusField> Required(bool upsert) =>
        Schema.UserFields.Where(f => !f.Nullable && f.DefaultValue is null && !f.IsFunctionOutput && (!f.AutoId || upsert));
}
