using MilvusPS.Core.Capabilities;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Core.Tests.Schema;

public class SchemaWireTests
{
    [Fact]
    public void EveryModelPropertySurvivesTheWire()
    {
        var schema = new MilvusCollectionSchema { Description = "d", EnableDynamicField = true };
        schema.Fields.Add(new MilvusField("id", MilvusDataType.VarChar) { IsPrimaryKey = true, AutoId = true, MaxLength = 64, Description = "pk" });
        schema.Fields.Add(new MilvusField("tags", MilvusDataType.Array) { ElementType = MilvusDataType.VarChar, MaxCapacity = 8, MaxLength = 16, Nullable = true });
        schema.Fields.Add(new MilvusField("score", MilvusDataType.Double) { DefaultValue = 0.5, Nullable = true });
        schema.Fields.Add(new MilvusField("tenant", MilvusDataType.Int64) { IsPartitionKey = true, DefaultValue = 7L });
        schema.Fields.Add(new MilvusField("title", MilvusDataType.VarChar) { MaxLength = 200, EnableAnalyzer = true, AnalyzerParams = "{\"type\":\"english\"}", EnableMatch = true, MmapEnabled = false });
        schema.Fields.Add(new MilvusField("v", MilvusDataType.Float16Vector) { Dimension = 8, IsClusteringKey = false });
        schema.Fields.Add(new MilvusField("s", MilvusDataType.SparseFloatVector) { IsFunctionOutput = true });
        schema.Functions.Add(new MilvusFunction("bm", MilvusFunctionType.BM25, ["title"], ["s"]));

        var wire = SchemaWire.ToWire("c", schema);
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(wire);
        var back = SchemaWire.FromWire(CollectionSchema.Parser.ParseFrom(bytes));

        Assert.Equal("d", back.Description);
        Assert.True(back.EnableDynamicField);
        Assert.Equal(schema.Fields.Select(f => f.ToString()), back.Fields.Select(f => f.ToString()));
        var id = back.Fields[0];
        Assert.True(id.IsPrimaryKey && id.AutoId);
        Assert.Equal("pk", id.Description);
        Assert.Equal(MilvusDataType.VarChar, back.Fields[1].ElementType);
        Assert.True(back.Fields[1].Nullable);
        Assert.Equal(0.5, back.Fields[2].DefaultValue);
        Assert.Equal(7L, back.Fields[3].DefaultValue);
        Assert.True(back.Fields[3].IsPartitionKey);
        var title = back.Fields[4];
        Assert.True(title.EnableAnalyzer && title.EnableMatch);
        Assert.Equal("{\"type\":\"english\"}", title.AnalyzerParams);
        Assert.False(title.MmapEnabled);
        Assert.True(back.Fields[6].IsFunctionOutput);
        var fn = Assert.Single(back.Functions);
        Assert.Equal(MilvusFunctionType.BM25, fn.Type);
        Assert.Equal(["title"], fn.InputFields);
    }

    [Fact]
    public void TypeParamsUseMilvusKeys()
    {
        var wire = SchemaWire.ToWire(new MilvusField("v", MilvusDataType.FloatVector) { Dimension = 768 });
        Assert.Equal(DataType.FloatVector, wire.DataType);
        var dim = Assert.Single(wire.TypeParams);
        Assert.Equal(("dim", "768"), (dim.Key, dim.Value));
        Assert.Equal(("max_length", "5"), SchemaWire.ToWire(new MilvusField("s", MilvusDataType.VarChar) { MaxLength = 5 }).TypeParams.Select(p => (p.Key, p.Value)).Single());
    }

    [Fact]
    public void ADefaultValueOfTheWrongTypeIsRefusedLocally()
    {
        var e = Assert.Throws<ArgumentException>(() => SchemaWire.ToWire(new MilvusField("n", MilvusDataType.Int32) { DefaultValue = "abc" }));
        Assert.Contains("not a valid Int32", e.Message);
        Assert.Throws<ArgumentException>(() => SchemaWire.ToWire(new MilvusField("j", MilvusDataType.Json) { DefaultValue = "{}" }));
    }

    [Fact]
    public void NewerSchemaFeaturesNeedANewerServer()
    {
        var schema = new MilvusCollectionSchema();
        schema.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true });
        schema.Fields.Add(new MilvusField("v", MilvusDataType.Int8Vector) { Dimension = 8 });
        var e = Assert.Throws<MilvusException>(() => SchemaWire.RequireFeatures(schema, new ServerCapabilities(MilvusVersion.Parse("2.5.27")), "CreateCollection", "c"));
        Assert.Equal("ServerVersionTooOld", e.ErrorId);
        Assert.Contains("2.6.0", e.Message);
        SchemaWire.RequireFeatures(schema, new ServerCapabilities(MilvusVersion.Parse("2.6.0")), "CreateCollection", "c");
    }

    [Theory]
    [InlineData("floatvector", MilvusDataType.FloatVector)]
    [InlineData("FLOAT_VECTOR", MilvusDataType.FloatVector)]
    [InlineData("json", MilvusDataType.Json)]
    [InlineData("varchar", MilvusDataType.VarChar)]
    [InlineData("string", MilvusDataType.VarChar)]
    [InlineData("Int8Vector", MilvusDataType.Int8Vector)]
    public void TypeNamesParseTheWayUsersWriteThem(string text, MilvusDataType expected)
    {
        Assert.True(DataTypes.TryParse(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Int65")]
    [InlineData("101")]
    public void UnknownTypeNamesDoNotParse(string text) => Assert.False(DataTypes.TryParse(text, out _));
}

public class SchemaFileTests
{
    [Fact]
    public void AYamlFileBecomesADefinition()
    {
        var definition = SchemaFile.Parse(new StringReader("""
            name: articles
            description: News
            enableDynamicField: true
            shardsNum: 2
            consistencyLevel: strong
            numPartitions: 8
            properties: { collection.ttl.seconds: "86400" }
            fields:
              - { name: id, type: Int64, primaryKey: true, autoId: true }
              - { name: tenant, type: VarChar, maxLength: 64, partitionKey: true }
              - { name: title, type: VarChar, maxLength: 512, enableAnalyzer: true, analyzerParams: '{"type":"english"}' }
              - { name: tags, type: Array, elementType: VarChar, maxCapacity: 16, maxLength: 32 }
              - { name: rating, type: Float, nullable: true, defaultValue: "2.5" }
              - { name: embedding, type: float_vector, dim: 768 }
              - { name: sparse, type: SparseFloatVector }
            functions:
              - { name: bm25, type: bm25, inputFields: [title], outputFields: [sparse] }
            """));
        Assert.Equal("articles", definition.Name);
        Assert.Equal(2, definition.ShardsNum);
        Assert.Equal(MilvusConsistencyLevel.Strong, definition.ConsistencyLevel);
        Assert.Equal(8, definition.NumPartitions);
        Assert.Equal("86400", definition.Properties["collection.ttl.seconds"]);
        var s = definition.Schema;
        Assert.Equal(7, s.Fields.Count);
        Assert.Equal("id", s.PrimaryKey!.Name);
        Assert.True(s.Fields[1].IsPartitionKey);
        Assert.Equal("Array<VarChar(32)>[16]", s.Fields[3].TypeText);
        Assert.Equal("FloatVector(768)", s.Fields[5].TypeText);
        Assert.True(s.Fields[6].IsFunctionOutput);
        Assert.Equal(MilvusFunctionType.BM25, s.Functions.Single().Type);
        // The default value goes over the wire as the field's type.
        Assert.Equal(2.5f, SchemaWire.ToWire(s.Fields[4]).DefaultValue.FloatData);
    }

    [Fact]
    public void JsonWorksToo()
    {
        var definition = SchemaFile.Parse(new StringReader("""{"fields":[{"name":"id","type":"Int64","primaryKey":true},{"name":"v","type":"BinaryVector","dim":128}]}"""));
        Assert.Equal("BinaryVector(128)", definition.Schema.Fields[1].TypeText);
        Assert.Equal(MilvusConsistencyLevel.Bounded, definition.ConsistencyLevel);
    }

    [Theory]
    [InlineData("fields: []", "has no fields")]
    [InlineData("fields:\n  - { name: x, type: Vector }", "unknown type 'Vector'")]
    [InlineData("fields:\n  - { type: Int64 }", "has no name")]
    [InlineData("fields: [ { name: a, type: Int64 } ]\nconsistencyLevel: Sometimes", "unknown consistency level")]
    [InlineData("fields: [ {", "not a valid schema file")]
    public void BadFilesSayWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => SchemaFile.Parse(new StringReader(text), "t.yaml"));
        Assert.Contains(expected, e.Message);
    }
}
