using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MilvusPS.Core.Data;
using MilvusPS.Core.Data.Files;
using MilvusPS.Core.Schema;

namespace MilvusPS.Core.Tests.Data;

/// <summary>
/// Entity files end to end without a server: rows shaped as a query returns them are written to a file,
/// read back, checked and encoded by EntityBatchBuilder (as Import-MilvusEntity sends them), decoded by
/// FieldDataReader (as a query returns them), and compared field by field.
/// </summary>
public sealed class EntityFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("milvusps-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathFor(string name) => Path.Combine(_folder, name);

    /// <summary>Every field type MilvusPS writes, nullable fields, and a dynamic field.</summary>
    internal static MilvusCollectionSchema EveryType()
    {
        var schema = new MilvusCollectionSchema { EnableDynamicField = true };
        schema.Fields.AddRange(
        [
            new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true },
            new MilvusField("flag", MilvusDataType.Bool),
            new MilvusField("i8", MilvusDataType.Int8),
            new MilvusField("i16", MilvusDataType.Int16),
            new MilvusField("i32", MilvusDataType.Int32) { Nullable = true },
            new MilvusField("i64", MilvusDataType.Int64),
            new MilvusField("f", MilvusDataType.Float),
            new MilvusField("d", MilvusDataType.Double) { Nullable = true },
            new MilvusField("text", MilvusDataType.VarChar) { MaxLength = 200 },
            new MilvusField("note", MilvusDataType.VarChar) { MaxLength = 20, Nullable = true },
            new MilvusField("meta", MilvusDataType.Json),
            new MilvusField("extra", MilvusDataType.Json) { Nullable = true },
            new MilvusField("nums", MilvusDataType.Array) { ElementType = MilvusDataType.Int64, MaxCapacity = 8 },
            new MilvusField("words", MilvusDataType.Array) { ElementType = MilvusDataType.VarChar, MaxCapacity = 8, MaxLength = 20 },
            new MilvusField("scores", MilvusDataType.Array) { ElementType = MilvusDataType.Double, MaxCapacity = 8, Nullable = true },
            new MilvusField("fv", MilvusDataType.FloatVector) { Dimension = 4 },
            new MilvusField("hv", MilvusDataType.Float16Vector) { Dimension = 4 },
            new MilvusField("bv", MilvusDataType.BFloat16Vector) { Dimension = 4 },
            new MilvusField("binv", MilvusDataType.BinaryVector) { Dimension = 16 },
            new MilvusField("sv", MilvusDataType.SparseFloatVector),
            new MilvusField("i8v", MilvusDataType.Int8Vector) { Dimension = 4 },
            new MilvusField("$meta", MilvusDataType.Json) { IsDynamic = true },
        ]);
        return schema;
    }

    private static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static readonly string[] Texts =
    [
        "plain",
        "comma, \"quotes\" and\na newline",
        "unicode: héllo wörld ✓ 日本語 🚀",
        "  leading and trailing spaces  ",
        "",
        "line\r\nbreak",
    ];

    /// <summary>A row as FieldDataReader returns it from a query.</summary>
    internal static Dictionary<string, object?> Row(int i)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = (long)i,
            ["flag"] = i % 2 == 0,
            ["i8"] = -128 + i,
            ["i16"] = 30000 - i,
            ["i32"] = i % 3 == 0 ? null : (object)(i * 1000),
            ["i64"] = long.MaxValue - i,
            ["f"] = 0.1f * i,
            ["d"] = i % 4 == 1 ? null : (object)(Math.PI * i),
            ["text"] = Texts[i % Texts.Length],
            ["note"] = (i % 3) switch { 0 => null, 1 => "", _ => "n" + i },
            ["meta"] = Json((i % 4) switch { 0 => "{\"k\":" + i + ",\"nested\":{\"a\":[1,2,\"x\"]}}", 1 => "\"just a string\"", 2 => "[1,2,3]", _ => "42.5" }),
            ["extra"] = i % 2 == 0 ? null : Json("""{"x":true}"""),
            ["nums"] = new List<object?> { (long)i, -1L, long.MinValue },
            ["words"] = i % 5 == 0 ? new List<object?>() : new List<object?> { "a,b", "\"q\"", "é" },
            ["scores"] = i % 3 == 1 ? null : new List<object?> { 0.5, 1e-10 },
            ["fv"] = new[] { 0.1f * i, -1.5f, float.Epsilon, 3.4e38f },
            // Values a half / bfloat16 holds exactly, so the round trip compares equal.
            ["hv"] = new[] { 0.5f, -1.25f, 2f, 0.375f * (i % 4) },
            ["bv"] = new[] { 1f, -2.5f, 0.15625f, 3f * (i % 3) },
            ["binv"] = new byte[] { (byte)i, 0xFF },
            ["sv"] = new Dictionary<long, float> { [i] = 0.5f, [1000 + i] = -2f },
            ["i8v"] = new sbyte[] { -128, 127, 0, (sbyte)(i % 100) },
        };
        // Dynamic fields come back from a query as JSON values.
        if (i % 2 == 0) row["colour"] = Json("\"red\"");
        if (i % 3 == 0) row["count"] = Json(i.ToString(CultureInfo.InvariantCulture));
        if (i % 5 == 0) row["tags"] = Json("""{"deep":[1,{"x":null}]}""");
        return row;
    }

    private async Task<string> WriteAsync(EntityFileFormat format, MilvusCollectionSchema schema, IEnumerable<IReadOnlyList<Dictionary<string, object?>>> pages, IReadOnlyList<string>? outputFields = null, string? name = null)
    {
        var path = PathFor(name ?? "rows." + format.ToString().ToLowerInvariant());
        await using var stream = File.Create(path);
        await using var writer = await EntityFileWriter.CreateAsync(stream, format, EntityFileColumns.For(schema, outputFields));
        foreach (var page in pages) await writer.WriteAsync(page, default);
        await writer.CompleteAsync(default);
        return path;
    }

    private static async Task<List<EntityFileRow>> ReadAllAsync(string path, EntityFileFormat format, MilvusCollectionSchema schema, int chunk = 7)
    {
        await using var reader = await EntityFileReader.OpenAsync(path, format, schema);
        var rows = new List<EntityFileRow>();
        while (await reader.ReadAsync(chunk, default) is { Count: > 0 } some) rows.AddRange(some);
        Assert.Equal(rows.Count, reader.RowsRead);
        return rows;
    }

    /// <summary>Rows from a file as the server would store and return them: through EntityBatchBuilder and back through FieldDataReader.</summary>
    private static IReadOnlyList<Dictionary<string, object?>> ThroughTheWire(MilvusCollectionSchema schema, IReadOnlyList<EntityFileRow> rows)
    {
        var batch = new EntityBatchBuilder(schema);
        foreach (var row in rows)
        {
            Assert.True(row.Problem is null, $"{row.Location}: {row.ProblemField} {row.Problem}");
            var problem = batch.TryAdd(row.Values!, row.Number);
            Assert.True(problem is null, $"{row.Location}: {problem}");
        }
        return FieldDataReader.ToRows(batch.Build());
    }

    [Theory]
    [InlineData(EntityFileFormat.Csv)]
    [InlineData(EntityFileFormat.JsonLines)]
    [InlineData(EntityFileFormat.Json)]
    [InlineData(EntityFileFormat.Parquet)]
    public async Task EveryFieldTypeRoundTrips(EntityFileFormat format)
    {
        var schema = EveryType();
        var expected = Enumerable.Range(0, 30).Select(Row).ToList();
        var path = await WriteAsync(format, schema, expected.Chunk(8).Select(p => (IReadOnlyList<Dictionary<string, object?>>)p));

        var back = ThroughTheWire(schema, await ReadAllAsync(path, format, schema));

        Assert.Equal(expected.Count, back.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var keys = expected[i].Keys.Union(back[i].Keys).Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var want = Canon(expected[i].GetValueOrDefault(key));
                var got = Canon(back[i].GetValueOrDefault(key));
                // CSV keeps no types for dynamic fields in columns, but $meta is JSON, so they survive too.
                Assert.True(want == got, $"{format} row {i} field '{key}': expected {want}, got {got}");
            }
        }
    }

    [Fact]
    public async Task ParquetUsesTheColumnTypesMilvusImportExpects()
    {
        var path = await WriteAsync(EntityFileFormat.Parquet, EveryType(), [[Row(1)]]);
        var schema = await Parquet.ParquetReader.ReadSchemaAsync(path);
        string TypeOf(string name)
        {
            var field = schema.Fields.Single(f => f.Name == name);
            return field is Parquet.Schema.ListField list ? $"list<{((Parquet.Schema.DataField)list.Item).ClrType.Name}>" : ((Parquet.Schema.DataField)field).ClrType.Name;
        }
        Assert.Equal("Int64", TypeOf("id"));
        Assert.Equal("SByte", TypeOf("i8"));
        Assert.Equal("Int16", TypeOf("i16"));
        Assert.Equal("Int32", TypeOf("i32"));
        Assert.Equal("Single", TypeOf("f"));
        Assert.Equal("ReadOnlyMemory`1", TypeOf("meta"));
        Assert.Equal("list<Single>", TypeOf("fv"));
        Assert.Equal("list<Byte>", TypeOf("hv"));
        Assert.Equal("list<Byte>", TypeOf("bv"));
        Assert.Equal("list<Byte>", TypeOf("binv"));
        Assert.Equal("list<SByte>", TypeOf("i8v"));
        Assert.Equal("ReadOnlyMemory`1", TypeOf("sv"));
        Assert.Equal("ReadOnlyMemory`1", TypeOf("$meta"));
        Assert.True(((Parquet.Schema.DataField)schema.Fields.Single(f => f.Name == "d")).IsNullable);
    }

    [Fact]
    public async Task TextFormatsHaveTheShapeMilvusImportReads()
    {
        var schema = EveryType();
        var jsonl = File.ReadAllText(await WriteAsync(EntityFileFormat.JsonLines, schema, [[Row(4)]]));
        using var doc = JsonDocument.Parse(jsonl);
        var o = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, o.GetProperty("meta").ValueKind);                   // a JSON object field nests
        Assert.Equal(JsonValueKind.Null, o.GetProperty("extra").ValueKind);                    // a null is null
        Assert.Equal("""[4,255]""", o.GetProperty("binv").GetRawText());                         // binary vectors as uint8 bytes
        Assert.Equal("""[-128,127,0,4]""", o.GetProperty("i8v").GetRawText());                   // int8 vectors as numbers
        Assert.Equal("""{"4":0.5,"1004":-2}""", o.GetProperty("sv").GetRawText());              // sparse as {"index": value}
        Assert.Equal("red", o.GetProperty("colour").GetString());                               // dynamic fields as keys of their own
        Assert.Equal(0f, o.GetProperty("hv")[3].GetSingle());                                   // half vectors as numbers
        Assert.Equal(0.4f, o.GetProperty("f").GetSingle());                                     // floats in their shortest form
        Assert.Contains("\"f\":0.4,", jsonl);

        var meta2 = Row(1);
        var text = File.ReadAllText(await WriteAsync(EntityFileFormat.Json, schema, [[meta2, Row(3)]]));
        using var array = JsonDocument.Parse(text);
        Assert.Equal(2, array.RootElement.GetArrayLength());
        Assert.Equal("\"just a string\"", array.RootElement[0].GetProperty("meta").GetString()); // other JSON values as their text

        var csv = File.ReadAllText(await WriteAsync(EntityFileFormat.Csv, schema, [[Row(6)]]), Encoding.UTF8);
        var header = csv[..csv.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.Equal(string.Join(",", schema.UserFields.Select(f => f.Name)) + ",$meta", header);
        Assert.Contains("\"[0.6,-1.5,1E-45,3.4E+38]\"", csv);                                   // vectors as JSON text, quoted for the commas
        Assert.Contains(",,", csv);                                                              // a null is an empty cell
        Assert.Contains("\"{\"\"colour\"\":\"\"red\"\",\"\"count\"\":6}\"", csv);                 // $meta as a JSON object
    }

    [Fact]
    public async Task MilvusShapedJsonIsRead()
    {
        var schema = EveryType();
        var path = PathFor("milvus.json");
        File.WriteAllText(path, """
            {"rows": [
              {"id": 1, "flag": true, "i8": 1, "i16": 2, "i64": 4, "f": 0.5, "text": "t", "meta": "{\"x\": 8}",
               "nums": [1, 2], "words": ["a"], "fv": [0.1, 0.2, 0.3, 0.4], "hv": [1, 2, 3, 4], "bv": [1, 2, 3, 4],
               "binv": [128, 1], "sv": {"indices": [3, 1], "values": [0.3, 0.1]}, "i8v": [1, -1, 2, -2],
               "$meta": "{\"y\": 8}", "z": [1]},
              {"id": 2, "flag": false, "i8": 1, "i16": 2, "i32": null, "i64": 4, "f": 1, "d": 2.5, "text": "u", "note": null, "meta": {"x": 9},
               "nums": [], "words": [], "fv": [1, 2, 3, 4], "hv": [0, 0, 0, 0], "bv": [0, 0, 0, 0],
               "binv": [0, 0], "sv": {"7": 0.7}, "i8v": [0, 0, 0, 0], "$meta": {"y": 9}}
            ]}
            """);
        var back = ThroughTheWire(schema, await ReadAllAsync(path, EntityFileFormat.Json, schema));
        Assert.Equal(2, back.Count);
        Assert.Equal("""{"x": 8}""", ((JsonElement)back[0]["meta"]!).GetRawText());
        Assert.Equal(8, ((JsonElement)back[0]["y"]!).GetInt32());
        Assert.Equal("[1]", ((JsonElement)back[0]["z"]!).GetRawText());
        Assert.Equal(new byte[] { 128, 1 }, (byte[])back[0]["binv"]!);
        Assert.Equal(new Dictionary<long, float> { [1] = 0.1f, [3] = 0.3f }, (Dictionary<long, float>)back[0]["sv"]!);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, (float[])back[0]["hv"]!);
        Assert.Equal(9, ((JsonElement)back[1]["y"]!).GetInt32());
        Assert.Null(back[1]["i32"]);
        Assert.Null(back[0]["d"]);
    }

    [Fact]
    public async Task MilvusShapedCsvIsRead()
    {
        var schema = EveryType();
        var path = PathFor("milvus.csv");
        File.WriteAllText(path, "\uFEFFid,flag,i8,i16,i32,i64,f,d,text,note,meta,nums,words,fv,hv,bv,binv,sv,i8v,$meta,loose\n" +
            "1,1,1,2,,4,0.5,,t,,\"{\"\"x\"\": 8}\",\"[1,2]\",\"[\"\"a\"\"]\",\"[0.1,0.2,0.3,0.4]\",\"[1,2,3,4]\",\"[1,2,3,4]\",\"[128,1]\",\"{\"\"1\"\": 0.1}\",\"[1,-1,2,-2]\",\"{\"\"y\"\": 8}\",7\n" +
            "\n" +
            "2,f,1,2,3,4,1,2.5,\"multi\nline\",\"\",\"[]\",[],[],\"[1,2,3,4]\",\"[0,0,0,0]\",\"[0,0,0,0]\",\"[0,0]\",\"{\"\"indices\"\":[2],\"\"values\"\":[0.2]}\",\"[0,0,0,0]\",{},\n");
        var rows = await ReadAllAsync(path, EntityFileFormat.Csv, schema);
        Assert.Equal(["line 2", "line 4"], rows.Select(r => r.Location));
        var back = ThroughTheWire(schema, rows);
        Assert.True((bool)back[0]["flag"]!);
        Assert.False((bool)back[1]["flag"]!);
        Assert.Null(back[0]["i32"]);
        Assert.Null(back[0]["note"]);                                   // an empty cell in a nullable field is null
        Assert.Equal("", back[1]["note"]);                              // "" is an empty string
        Assert.Equal("multi\nline", back[1]["text"]);
        Assert.Equal("7", ((JsonElement)back[0]["loose"]!).GetString()); // other columns are dynamic fields, as text (Milvus's CSV rule)
        Assert.Equal(8, ((JsonElement)back[0]["y"]!).GetInt32());
        Assert.Equal(new Dictionary<long, float> { [2] = 0.2f }, (Dictionary<long, float>)back[1]["sv"]!);
    }

    [Fact]
    public async Task MilvusShapedParquetIsRead()
    {
        var schema = new MilvusCollectionSchema { EnableDynamicField = true };
        schema.Fields.AddRange(
        [
            new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true },
            new MilvusField("hv", MilvusDataType.Float16Vector) { Dimension = 2 },
            new MilvusField("sv", MilvusDataType.SparseFloatVector),
            new MilvusField("tags", MilvusDataType.Array) { ElementType = MilvusDataType.VarChar, MaxCapacity = 4, MaxLength = 10, Nullable = true },
        ]);
        // As pyarrow writes it: nullable list elements named "item", half vectors as their raw bytes.
        var hv = new Parquet.Schema.DataField<byte?>("item");
        var tags = new Parquet.Schema.DataField<string>("item", true);
        var meta = new Parquet.Schema.DataField<string>("$meta", true);
        var id = new Parquet.Schema.DataField<int>("id");
        var sv = new Parquet.Schema.DataField<string>("sv");
        var pq = new Parquet.Schema.ParquetSchema(id, new Parquet.Schema.ListField("hv", hv), sv, new Parquet.Schema.ListField("tags", tags), meta);
        var path = PathFor("pyarrow.parquet");
        var one = BitConverter.GetBytes((Half)1.0f);
        await using (var stream = File.Create(path))
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(pq, stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<int>(id, new[] { 1, 2 }.AsMemory());
            await group.WriteAllPartsAsync<byte>(hv, new byte[] { one[0], one[1], 0, 0, 0, 0, one[0], one[1] }, new[] { 3, 3, 3, 3, 3, 3, 3, 3 }, new[] { 0, 1, 1, 1, 0, 1, 1, 1 }, default);
            await group.WriteAsync(sv, new[] { """{"1": 0.5}""", """{"indices": [4], "values": [1.5]}""" });
            await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(tags, new[] { "a".AsMemory(), "b".AsMemory() }, new[] { 3, 3, 0 }, new[] { 0, 1, 0 }, default);
            await group.WriteAsync(meta, new[] { """{"k": 1}""", null });
        }
        var back = ThroughTheWire(schema, await ReadAllAsync(path, EntityFileFormat.Parquet, schema));
        Assert.Equal([1f, 0f], (float[])back[0]["hv"]!);
        Assert.Equal([0f, 1f], (float[])back[1]["hv"]!);
        Assert.Equal(new Dictionary<long, float> { [4] = 1.5f }, (Dictionary<long, float>)back[1]["sv"]!);
        Assert.Equal(["a", "b"], ((IEnumerable)back[0]["tags"]!).Cast<object>());
        Assert.Null(back[1]["tags"]);
        Assert.Equal(1, ((JsonElement)back[0]["k"]!).GetInt32());
        Assert.False(back[1].ContainsKey("k"));
    }

    [Fact]
    public async Task JsonSyntaxErrorsNameTheLine()
    {
        var schema = Small();
        var path = PathFor("bad.json");
        File.WriteAllText(path, "[\n{\"id\": 1},\n{\"id\": 2,, \"x\": 1},\n{\"id\": 3}\n]");
        var e = await Assert.ThrowsAsync<EntityFileException>(() => ReadAllAsync(path, EntityFileFormat.Json, schema));
        Assert.Equal(3, e.Line);
        Assert.StartsWith("bad.json line 3:", e.Message);

        File.WriteAllText(path, "[\n{\"id\": 1},\n{\"id\": 2}");
        Assert.Equal(3, (await Assert.ThrowsAsync<EntityFileException>(() => ReadAllAsync(path, EntityFileFormat.Json, schema))).Line);
        File.WriteAllText(path, "{\"data\": []}");
        Assert.Contains("\"rows\"", (await Assert.ThrowsAsync<EntityFileException>(() => ReadAllAsync(path, EntityFileFormat.Json, schema))).Message);
    }

    private static MilvusCollectionSchema Small(bool dynamic = true)
    {
        var schema = new MilvusCollectionSchema { EnableDynamicField = dynamic };
        schema.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true });
        schema.Fields.Add(new MilvusField("text", MilvusDataType.VarChar) { MaxLength = 10, Nullable = true });
        return schema;
    }

    [Fact]
    public async Task BadLinesAreBadRowsAndReadingGoesOn()
    {
        var schema = Small();
        var jsonl = PathFor("bad.jsonl");
        File.WriteAllText(jsonl, "{\"id\": 1}\n{\"id\": \n\n[1, 2]\n{\"id\": 4}\n");
        var rows = await ReadAllAsync(jsonl, EntityFileFormat.JsonLines, schema);
        Assert.Equal(["line 1", "line 2", "line 4", "line 5"], rows.Select(r => r.Location));
        Assert.Contains("not valid JSON", rows[1].Problem);
        Assert.Contains("must be a JSON object", rows[2].Problem);
        Assert.Null(rows[3].Problem);

        File.WriteAllText(jsonl, "{\"id\": 1e400}\n{\"id\": 2, \"v\": [1e39, 1]}\n");
        var vectors = new MilvusCollectionSchema();
        vectors.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true });
        vectors.Fields.Add(new MilvusField("v", MilvusDataType.FloatVector) { Dimension = 2 });
        rows = await ReadAllAsync(jsonl, EntityFileFormat.JsonLines, vectors);
        var batch = new EntityBatchBuilder(vectors);
        Assert.Contains("'1e400'", batch.TryAdd(rows[0].Values!, 0)!.Message);         // out of range numbers are refused, not a crash
        Assert.Contains("infinity", batch.TryAdd(rows[1].Values!, 1)!.Message);

        var csv = PathFor("ragged.csv");
        File.WriteAllText(csv, "id,text,$meta\n1,a,{}\n2,b\n3,\"c\nd\",{},extra\n4,e,{}\n");
        rows = await ReadAllAsync(csv, EntityFileFormat.Csv, schema);
        Assert.Equal(["line 2", "line 3", "line 4", "line 6"], rows.Select(r => r.Location));
        Assert.Contains("2 cells; the header has 3", rows[1].Problem);
        Assert.Contains("4 cells; the header has 3", rows[2].Problem);
        Assert.Null(rows[3].Problem);
    }

    [Fact]
    public async Task CsvThatCannotFitFailsAtOnce()
    {
        var schema = Small();
        var path = PathFor("broken.csv");
        File.WriteAllText(path, "id,text\n1,\"never closed\n2,b\n");
        var e = await Assert.ThrowsAsync<EntityFileException>(() => ReadAllAsync(path, EntityFileFormat.Csv, schema));
        Assert.Equal(2, e.Line);
        Assert.Contains("not closed", e.Message);

        File.WriteAllText(path, "id,nope\n1,2\n");
        schema.EnableDynamicField = false;
        e = await Assert.ThrowsAsync<EntityFileException>(() => ReadAllAsync(path, EntityFileFormat.Csv, schema));
        Assert.Contains("'nope' is not a field", e.Message);
        Assert.Equal(1, e.Line);

        var strict = new MilvusCollectionSchema();
        strict.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true });
        strict.Fields.Add(new MilvusField("v", MilvusDataType.FloatVector) { Dimension = 2 });
        File.WriteAllText(path, "id\n1\n");
        Assert.Contains("no column for the required field 'v'", (await Assert.ThrowsAsync<EntityFileException>(() => ReadAllAsync(path, EntityFileFormat.Csv, strict))).Message);
    }

    [Fact]
    public async Task AParquetFileThatIsNotParquetSaysSo()
    {
        var path = PathFor("fake.parquet");
        File.WriteAllText(path, "id,text\n1,a\n");
        Assert.Contains("not a Parquet file", (await Assert.ThrowsAsync<EntityFileException>(() => ReadAllAsync(path, EntityFileFormat.Parquet, EveryType()))).Message);
    }

    [Theory]
    [InlineData(EntityFileFormat.Csv)]
    [InlineData(EntityFileFormat.JsonLines)]
    [InlineData(EntityFileFormat.Json)]
    [InlineData(EntityFileFormat.Parquet)]
    public async Task ReadersStreamRatherThanLoadTheFile(EntityFileFormat format)
    {
        var schema = new MilvusCollectionSchema();
        schema.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true });
        schema.Fields.Add(new MilvusField("v", MilvusDataType.FloatVector) { Dimension = 64 });
        var random = new Random(7);
        IEnumerable<IReadOnlyList<Dictionary<string, object?>>> Pages() => Enumerable.Range(0, 20).Select(p => (IReadOnlyList<Dictionary<string, object?>>)Enumerable.Range(p * 1000, 1000)
            .Select(i => new Dictionary<string, object?> { ["id"] = (long)i, ["v"] = Enumerable.Range(0, 64).Select(_ => random.NextSingle()).ToArray() }).ToList());
        var path = await WriteAsync(format, schema, Pages());
        Assert.True(new FileInfo(path).Length > 4_000_000, $"the file is {new FileInfo(path).Length} bytes");

        await using var reader = await EntityFileReader.OpenAsync(path, format, schema);
        var first = Assert.Single(await reader.ReadAsync(1, default));
        Assert.Equal(0L, Convert.ToInt64(first.Values!["id"], CultureInfo.InvariantCulture));
        // Only a buffer's worth (or one Parquet row group of twenty) has been read.
        Assert.True(reader.Position < reader.Length / 10, $"{format}: read {reader.Position} of {reader.Length} bytes for one row");
        long total = 1;
        while (await reader.ReadAsync(5000, default) is { Count: > 0 } rows) total += rows.Count;
        Assert.Equal(20000, total);
        Assert.Equal(reader.Length, reader.Position);
    }

    [Fact]
    public async Task ChosenFieldsOnlyAndAKeyLeftOutStaysOut()
    {
        var schema = EveryType();
        var path = await WriteAsync(EntityFileFormat.JsonLines, schema, [[Row(2)]], ["text", "colour"]);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(["text", "colour"], doc.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void FormatsFollowTheExtension()
    {
        Assert.Equal(EntityFileFormat.Csv, EntityFileFormats.FromPath("a.CSV"));
        Assert.Equal(EntityFileFormat.JsonLines, EntityFileFormats.FromPath("a.jsonl"));
        Assert.Equal(EntityFileFormat.JsonLines, EntityFileFormats.FromPath("a.ndjson"));
        Assert.Equal(EntityFileFormat.Json, EntityFileFormats.FromPath("a.json"));
        Assert.Equal(EntityFileFormat.Parquet, EntityFileFormats.FromPath("/x/y.parquet"));
        Assert.Null(EntityFileFormats.FromPath("a.txt"));
    }

    [Fact]
    public void AnUnfinishedTargetLeavesNothingAndHarmsNothing()
    {
        var path = PathFor("target.csv");
        File.WriteAllText(path, "old");
        using (var target = new EntityFileTarget(path))
        {
            using (var s = target.Create()) s.WriteByte((byte)'x');
            Assert.True(File.Exists(target.TemporaryPath));
            Assert.Equal(_folder, Path.GetDirectoryName(target.TemporaryPath));
        }
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));

        using (var target = new EntityFileTarget(path))
        {
            using (var s = target.Create()) s.WriteByte((byte)'n');
            Assert.Throws<IOException>(() => target.Commit(overwrite: false, overwriteReadOnly: false));
            File.SetAttributes(path, FileAttributes.ReadOnly);
            Assert.Throws<UnauthorizedAccessException>(() => target.Commit(overwrite: true, overwriteReadOnly: false));
            target.Commit(overwrite: true, overwriteReadOnly: true);
        }
        Assert.Equal("n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void SparseVectorsAlsoComeAsIndicesAndValues()
    {
        var packed = EntityValues.ToSparseVector(new Dictionary<string, object?> { ["indices"] = new List<object?> { 5L, 2L }, ["values"] = new List<object?> { 0.5, 0.25 } });
        Assert.Equal(EntityValues.ToSparseVector(new Dictionary<long, double> { [2] = 0.25, [5] = 0.5 }), packed);
        Assert.Contains("must match", Assert.Throws<EntityValueException>(() => EntityValues.ToSparseVector(new Hashtable { ["indices"] = new[] { 1 }, ["values"] = new[] { 1.0, 2.0 } })).Message);
    }

    /// <summary>A value as canonical JSON text, so the types of the two sides (int/long, List/array, JsonElement) do not matter, only the values.</summary>
    private static string Canon(object? value) => value switch
    {
        null => "null",
        JsonElement j => JsonSerializer.Serialize(j),
        string s => JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        sbyte[] sbytes when value.GetType() == typeof(sbyte[]) => "[" + string.Join(",", sbytes) + "]",
        byte[] bytes => "[" + string.Join(",", bytes) + "]",
        IDictionary<long, float> sparse => "{" + string.Join(",", sparse.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:{Canon(kv.Value)}")) + "}",
        IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Canon)) + "]",
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
