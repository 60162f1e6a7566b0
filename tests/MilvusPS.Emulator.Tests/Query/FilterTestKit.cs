using System.Text.Json;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Query;
using MilvusPS.Protocol;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Query;

/// <summary>A fixed schema and rows for the filter tests.</summary>
internal static class FilterTestKit
{
    public static readonly CollectionSchema Schema = BuildSchema();

    private static CollectionSchema BuildSchema()
    {
        var s = new CollectionSchema { Name = "books", EnableDynamicField = true };
        s.Fields.Add(new FieldSchema { FieldID = 100, Name = "id", DataType = DataType.Int64, IsPrimaryKey = true });
        s.Fields.Add(new FieldSchema { FieldID = 101, Name = "age", DataType = DataType.Int32, Nullable = true });
        s.Fields.Add(new FieldSchema { FieldID = 102, Name = "score", DataType = DataType.Double });
        s.Fields.Add(new FieldSchema { FieldID = 103, Name = "ratio", DataType = DataType.Float });
        s.Fields.Add(Param(new FieldSchema { FieldID = 104, Name = "name", DataType = DataType.VarChar, Nullable = true }, "max_length", "64"));
        s.Fields.Add(new FieldSchema { FieldID = 105, Name = "flag", DataType = DataType.Bool });
        s.Fields.Add(Param(new FieldSchema { FieldID = 106, Name = "tags", DataType = DataType.Array, ElementType = DataType.VarChar }, "max_capacity", "8"));
        s.Fields.Add(Param(new FieldSchema { FieldID = 107, Name = "nums", DataType = DataType.Array, ElementType = DataType.Int64, Nullable = true }, "max_capacity", "8"));
        s.Fields.Add(new FieldSchema { FieldID = 108, Name = "meta", DataType = DataType.Json, Nullable = true });
        s.Fields.Add(Param(Param(new FieldSchema { FieldID = 109, Name = "body", DataType = DataType.VarChar }, "max_length", "512"), "enable_match", "true"));
        s.Fields.Add(Param(new FieldSchema { FieldID = 110, Name = "vec", DataType = DataType.FloatVector }, "dim", "2"));
        s.Fields.Add(new FieldSchema { FieldID = 111, Name = "small", DataType = DataType.Int8 });
        s.Fields.Add(new FieldSchema { FieldID = 112, Name = "$meta", DataType = DataType.Json, IsDynamic = true });
        return s;
    }

    private static FieldSchema Param(FieldSchema f, string key, string value)
    {
        f.TypeParams.Add(new KeyValuePair { Key = key, Value = value });
        return f;
    }

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Row 1: a fully populated row.</summary>
    public static DictionaryRow Row1 { get; } = new(new Dictionary<string, object?>
    {
        ["id"] = 1L,
        ["age"] = 30L,
        ["score"] = 4.5,
        ["ratio"] = (double)0.1f,
        ["name"] = "alice_smith",
        ["flag"] = true,
        ["tags"] = new List<object?> { "red", "green" },
        ["nums"] = new List<object?> { 1L, 2L, 3L },
        ["meta"] = Json("""{"a": 1, "b": {"c": "x", "d": [1, 2, 3]}, "s": "hello", "f": 2.5, "arr": [1, "two", 3.0], "nested": [[1, 2], [3]], "n": null, "t": true}"""),
        ["body"] = "The quick brown fox jumps over the lazy dog",
        ["small"] = 5L,
        ["$meta"] = Json("""{"color": "red", "size": 10, "extra": {"k": [1, 2]}}"""),
    });

    /// <summary>Row 2: nulls in every nullable field, no dynamic keys.</summary>
    public static DictionaryRow Row2 { get; } = new(new Dictionary<string, object?>
    {
        ["id"] = 2L,
        ["age"] = null,
        ["score"] = -1.0,
        ["ratio"] = 0.0,
        ["name"] = null,
        ["flag"] = false,
        ["tags"] = new List<object?>(),
        ["nums"] = null,
        ["meta"] = null,
        ["body"] = "lazy dogs sleep",
        ["small"] = -5L,
        ["$meta"] = Json("{}"),
    });

    public static CompiledFilter Compile(string expr, IReadOnlyDictionary<string, TemplateValue>? templates = null, bool dynamic = true) =>
        FilterCompiler.Compile(expr, Schema, dynamic, templates);

    public static bool Match(string expr, IRowAccessor row, IReadOnlyDictionary<string, TemplateValue>? templates = null) =>
        Compile(expr, templates).Evaluate(row);

    /// <summary>The wire reason of the compile error.</summary>
    public static string Reason(string expr, IReadOnlyDictionary<string, TemplateValue>? templates = null, bool dynamic = true)
    {
        var e = Assert.Throws<MilvusError>(() => Compile(expr, templates, dynamic));
        Assert.Equal(1100, e.Code);
        return e.Reason;
    }

    /// <summary>The plan parser's detail inside "cannot parse expression: X, error: DETAIL: invalid parameter".</summary>
    public static string Detail(string expr, bool dynamic = true)
    {
        var reason = Reason(expr, dynamic: dynamic);
        var prefix = $"failed to create query plan: cannot parse expression: {expr}, error: ";
        Assert.StartsWith(prefix, reason);
        Assert.EndsWith(": invalid parameter", reason);
        return reason[prefix.Length..^": invalid parameter".Length];
    }
}
