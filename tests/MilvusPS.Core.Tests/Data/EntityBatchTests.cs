using System.Buffers.Binary;
using System.Collections;
using MilvusPS.Core.Data;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Tests.Data;

public class EntityValueTests
{
    [Theory]
    [InlineData(5, MilvusDataType.Int8, 5L)]
    [InlineData(3.0, MilvusDataType.Int64, 3L)]
    [InlineData("42", MilvusDataType.Int32, 42L)]
    public void IntegersConvert(object value, MilvusDataType type, long expected) => Assert.Equal(expected, EntityValues.ToInteger(value, type));

    [Theory]
    [InlineData(128, MilvusDataType.Int8, "out of range for Int8 [-128, 127]")]
    [InlineData(2.5, MilvusDataType.Int64, "a whole number")]
    [InlineData("x", MilvusDataType.Int16, "the string 'x'")]
    [InlineData(1e30, MilvusDataType.Int64, "a whole number")]
    [InlineData(double.PositiveInfinity, MilvusDataType.Int64, "a whole number")]
    public void BadIntegersSayWhy(object value, MilvusDataType type, string message) =>
        Assert.Contains(message, Assert.Throws<EntityValueException>(() => EntityValues.ToInteger(value, type)).Message);

    [Fact]
    public void VarCharLengthIsCountedInUtf8Bytes()
    {
        Assert.Equal("héé", EntityValues.ToVarChar("héé", 5));
        Assert.Contains("6 bytes", Assert.Throws<EntityValueException>(() => EntityValues.ToVarChar("ééé", 5)).Message);
    }

    [Fact]
    public void VectorsCheckTheirDimension()
    {
        Assert.Equal([1f, 2f], EntityValues.ToFloatVector(new object[] { 1, 2.0 }, 2));
        Assert.Contains("3 dimensions; the field has 2", Assert.Throws<EntityValueException>(() => EntityValues.ToFloatVector(new[] { 1.0, 2, 3 }, 2)).Message);
        Assert.Contains("NaN", Assert.Throws<EntityValueException>(() => EntityValues.ToFloatVector(new[] { double.NaN, 1 }, 2)).Message);
    }

    [Fact]
    public void HalfPrecisionVectorsAreLittleEndian()
    {
        var f16 = EntityValues.ToFloat16Vector(new[] { 1.0, -2.0 }, 2);
        Assert.Equal((Half)1.0f, BinaryPrimitives.ReadHalfLittleEndian(f16));
        Assert.Equal((Half)(-2.0f), BinaryPrimitives.ReadHalfLittleEndian(f16.AsSpan(2)));
        var bf16 = EntityValues.ToBFloat16Vector(new[] { 1.0, 3.140625 }, 2);
        Assert.Equal(0x3F80, BinaryPrimitives.ReadUInt16LittleEndian(bf16));
        Assert.Equal(3.140625f, BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(bf16.AsSpan(2)) << 16));
    }

    [Fact]
    public void BinaryVectorsPackMostSignificantBitFirst()
    {
        var bits = new[] { 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0 };
        Assert.Equal([0x81, 0x40], EntityValues.ToBinaryVector(bits, 16));
        Assert.Equal([0xFF], EntityValues.ToBinaryVector(new byte[] { 0xFF }, 8));
        Assert.Throws<EntityValueException>(() => EntityValues.ToBinaryVector(new byte[] { 1, 2 }, 8));
    }

    [Fact]
    public void SparseVectorsAreSortedIndexValuePairs()
    {
        var row = EntityValues.ToSparseVector(new Hashtable { [7] = 0.5, ["2"] = 1.5 });
        Assert.Equal(16, row.Length);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(row));
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(row.AsSpan(4)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(row.AsSpan(8)));
        Assert.Equal(8, EntityValues.SparseDimension(row));
        Assert.Contains("at least one", Assert.Throws<EntityValueException>(() => EntityValues.ToSparseVector(new Hashtable())).Message);
    }

    [Fact]
    public void JsonTakesJsonTextOrObjects()
    {
        Assert.Equal("""{"a":1}""", System.Text.Encoding.UTF8.GetString(EntityValues.ToJson("""{"a":1}""")));
        Assert.Equal("""{"k":[1,"x"]}""", System.Text.Encoding.UTF8.GetString(EntityValues.ToJson(new Hashtable { ["k"] = new object[] { 1, "x" } })));
        Assert.Contains("not valid JSON", Assert.Throws<EntityValueException>(() => EntityValues.ToJson("{oops")).Message);
    }
}

public class EntityBatchTests
{
    private static MilvusCollectionSchema Schema(bool dynamic = true, bool autoId = true)
    {
        var s = new MilvusCollectionSchema { EnableDynamicField = dynamic };
        s.Fields.Add(new MilvusField("id", MilvusDataType.Int64) { IsPrimaryKey = true, AutoId = autoId });
        s.Fields.Add(new MilvusField("title", MilvusDataType.VarChar) { MaxLength = 10 });
        s.Fields.Add(new MilvusField("score", MilvusDataType.Float) { Nullable = true });
        s.Fields.Add(new MilvusField("tags", MilvusDataType.Array) { ElementType = MilvusDataType.Int64, MaxCapacity = 3 });
        s.Fields.Add(new MilvusField("v", MilvusDataType.FloatVector) { Dimension = 2 });
        return s;
    }

    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void GoodRowsBecomeColumnsAndBadRowsAreReported()
    {
        var batch = new EntityBatchBuilder(Schema());
        Assert.Null(batch.TryAdd(Row(("title", "a"), ("score", 1.5), ("tags", new[] { 1, 2 }), ("v", new[] { 0.1, 0.2 }), ("color", "red")), 0));
        Assert.Null(batch.TryAdd(Row(("title", "b"), ("score", null), ("tags", Array.Empty<int>()), ("v", new[] { 0.3, 0.4 })), 1));
        Assert.Equal("Row 2, field 'v': the vector has 3 dimensions; the field has 2.", batch.TryAdd(Row(("title", "c"), ("tags", new int[0]), ("v", new[] { 1.0, 2, 3 })), 2)!.ToString());
        Assert.Equal("title", batch.TryAdd(Row(("tags", new int[0]), ("v", new[] { 1.0, 2 })), 3)!.Field);
        Assert.Contains("max_length", batch.TryAdd(Row(("title", "0123456789X"), ("tags", new int[0]), ("v", new[] { 1.0, 2 })), 4)!.Message);
        Assert.Contains("auto_id", batch.TryAdd(Row(("id", 5), ("title", "x"), ("tags", new int[0]), ("v", new[] { 1.0, 2 })), 5)!.Message);
        Assert.Contains("max_capacity", batch.TryAdd(Row(("title", "x"), ("tags", new[] { 1, 2, 3, 4 }), ("v", new[] { 1.0, 2 })), 6)!.Message);
        Assert.Equal(2, batch.Count);

        var columns = batch.Build().ToDictionary(c => c.FieldName);
        Assert.False(columns.ContainsKey("id")); // the server generates it
        Assert.Equal(["a", "b"], columns["title"].Scalars.StringData.Data);
        Assert.Equal([true, false], columns["score"].ValidData);
        Assert.Equal([1.5f], columns["score"].Scalars.FloatData.Data); // null rows left out, as SDKs send them
        Assert.Equal(DataType.Int64, columns["tags"].Scalars.ArrayData.ElementType);
        Assert.Equal([1L, 2L], columns["tags"].Scalars.ArrayData.Data[0].LongData.Data);
        Assert.Equal(2, columns["v"].Vectors.Dim);
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f], columns["v"].Vectors.FloatVector.Data);
        var meta = columns["$meta"];
        Assert.True(meta.IsDynamic);
        Assert.Equal("""{"color":"red"}""", meta.Scalars.JsonData.Data[0].ToStringUtf8());
        Assert.Equal("{}", meta.Scalars.JsonData.Data[1].ToStringUtf8());
    }

    [Fact]
    public void WithoutADynamicFieldUnknownKeysAreProblems()
    {
        var batch = new EntityBatchBuilder(Schema(dynamic: false, autoId: false));
        var problem = batch.TryAdd(Row(("id", 1), ("title", "a"), ("tags", new int[0]), ("v", new[] { 1.0, 2 }), ("colour", "red")), 0);
        Assert.Equal("colour", problem!.Field);
        Assert.Null(batch.TryAdd(Row(("id", 1), ("title", "a"), ("tags", new int[0]), ("v", new[] { 1.0, 2 })), 1));
        Assert.DoesNotContain(batch.Build(), c => c.IsDynamic);
    }

    [Fact]
    public void UpsertSendsTheAutoIdKey()
    {
        var batch = new EntityBatchBuilder(Schema(), upsert: true);
        Assert.Null(batch.TryAdd(Row(("id", 9), ("title", "a"), ("tags", new int[0]), ("v", new[] { 1.0, 2 })), 0));
        Assert.Equal([9L], batch.Build().Single(c => c.FieldName == "id").Scalars.LongData.Data);
        Assert.Contains("primary key is missing", batch.TryAdd(Row(("title", "a"), ("tags", new int[0]), ("v", new[] { 1.0, 2 })), 1)!.Message);
    }

    [Fact]
    public void TheSizeEstimateGrowsWithTheRows()
    {
        var batch = new EntityBatchBuilder(Schema());
        batch.TryAdd(Row(("title", "a"), ("tags", new int[0]), ("v", new[] { 1.0, 2 })), 0);
        var one = batch.EstimatedBytes;
        batch.TryAdd(Row(("title", "b"), ("tags", new int[0]), ("v", new[] { 1.0, 2 })), 1);
        Assert.True(one > 0 && batch.EstimatedBytes >= 2 * one - 8);
    }
}
