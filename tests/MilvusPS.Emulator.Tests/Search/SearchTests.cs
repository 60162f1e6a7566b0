using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Search.SearchKit;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Search;

/// <summary>Search through the gRPC client, checked against brute-force references computed here.</summary>
public sealed class SearchTests : EmulatorTests
{
    private async Task IndexAsync(string collection, string field, string type, string metric, params (string, string)[] extra)
    {
        var r = new CreateIndexRequest { CollectionName = collection, FieldName = field };
        r.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = type });
        r.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = metric });
        foreach (var (k, v) in extra) r.ExtraParams.Add(new KeyValuePair { Key = k, Value = v });
        Schemas.Ok(await Client.CreateIndexAsync(r));
    }

    private async Task LoadAsync(string collection) =>
        Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = collection }));

    private async Task<SearchResultData> SearchOk(SearchRequest r)
    {
        var res = await Client.SearchAsync(r);
        Schemas.Ok(res.Status);
        return res.Results;
    }

    /// <summary>A float collection: id, tag (Int64 = id % 5), name, dynamic field; FLAT index with the metric; loaded.</summary>
    private async Task<float[][]> FloatCollectionAsync(string name, string metric, int rows = 120, int dim = 8, int seed = 7)
    {
        var schema = Schemas.Of(name, Schemas.Pk(), new FieldSchema { Name = "tag", DataType = DataType.Int64 },
            Schemas.Param(new FieldSchema { Name = "name", DataType = DataType.VarChar }, "max_length", "32"), Schemas.Vector("vec", dim));
        schema.EnableDynamicField = true;
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        var vectors = RandomFloats(new Random(seed), rows, dim);
        var ids = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        Schemas.Ok((await Client.InsertAsync(Cols.Insert(name, (uint)rows,
            Cols.Longs("id", ids), Cols.Longs("tag", ids.Select(i => i % 5).ToArray()),
            Cols.Strings("name", ids.Select(i => $"n{i}").ToArray()),
            Cols.FloatVectors("vec", dim, vectors.SelectMany(v => v).ToArray()),
            Cols.Dynamic(ids.Select(i => $"{{\"color\":\"{(i % 2 == 0 ? "red" : "blue")}\",\"rank\":{i}}}").ToArray())))).Status);
        await IndexAsync(name, "vec", "FLAT", metric);
        await LoadAsync(name);
        return vectors;
    }

    [Theory]
    [InlineData("L2")]
    [InlineData("IP")]
    [InlineData("COSINE")]
    public async Task FloatVectorsMatchTheReferenceForEveryMetric(string metric)
    {
        var data = await FloatCollectionAsync("f", metric);
        var queries = RandomFloats(new Random(99), 3, 8);
        var r = await SearchOk(Request("f", FloatQueries(queries), 10, ("metric_type", metric), ("params", "{\"nprobe\":8}")));
        Assert.Equal(3, r.NumQueries);
        Assert.Equal(10, r.TopK);
        Assert.Equal(new long[] { 10, 10, 10 }, r.Topks);
        Assert.Equal("id", r.PrimaryFieldName);
        for (var q = 0; q < 3; q++)
        {
            var expected = Rank(data.Select((v, i) => ((long)i, Score(metric, queries[q], v))), metric != "L2", 10);
            var (ids, scores) = Slice(r, q);
            AssertHits(expected, ids, scores);
        }
    }

    [Fact]
    public async Task MetricIsTakenFromTheIndexWhenOmittedAndMismatchFails()
    {
        await FloatCollectionAsync("m", "COSINE");
        var q = RandomFloats(new Random(1), 1, 8);
        Assert.Equal(5, (await SearchOk(Request("m", FloatQueries(q), 5))).Scores.Count);
        var res = await Client.SearchAsync(Request("m", FloatQueries(q), 5, ("metric_type", "IP")));
        Schemas.Fails(res.Status, 1100, "metric type not match: invalid parameter[expected=COSINE][actual=IP]");
    }

    [Theory]
    [InlineData(DataType.Float16Vector, "L2")]
    [InlineData(DataType.Float16Vector, "IP")]
    [InlineData(DataType.Bfloat16Vector, "COSINE")]
    [InlineData(DataType.Bfloat16Vector, "L2")]
    [InlineData(DataType.Int8Vector, "L2")]
    [InlineData(DataType.Int8Vector, "COSINE")]
    public async Task HalfBFloatAndInt8VectorsMatchTheReference(DataType type, string metric)
    {
        const int dim = 8, rows = 60;
        var rng = new Random(3);
        var bytesPerRow = type == DataType.Int8Vector ? dim : dim * 2;
        byte[] RandomRow()
        {
            var b = new byte[bytesPerRow];
            if (type == DataType.Int8Vector) { rng.NextBytes(b); return b; }
            for (var i = 0; i < dim; i++)
            {
                var f = (float)(rng.NextDouble() * 2 - 1);
                var bits = type == DataType.Float16Vector ? BitConverter.HalfToUInt16Bits((Half)f) : (ushort)(BitConverter.SingleToUInt32Bits(f) >> 16);
                BitConverter.GetBytes(bits).CopyTo(b, i * 2);
            }
            return b;
        }
        float[] Decode(byte[] b) => Enumerable.Range(0, dim).Select(i => type switch
        {
            DataType.Int8Vector => (float)(sbyte)b[i],
            DataType.Float16Vector => (float)BitConverter.ToHalf(b, i * 2),
            _ => BitConverter.UInt32BitsToSingle((uint)BitConverter.ToUInt16(b, i * 2) << 16),
        }).ToArray();

        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("h", Schemas.Pk(), Schemas.Vector("vec", dim, type))));
        var stored = Enumerable.Range(0, rows).Select(_ => RandomRow()).ToArray();
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("h", rows, Cols.Longs("id", Enumerable.Range(0, rows).Select(i => (long)i).ToArray()),
            Cols.ByteVectors("vec", type, dim, stored.SelectMany(b => b).ToArray())))).Status);
        if (type == DataType.Int8Vector) await IndexAsync("h", "vec", "HNSW", metric, ("M", "16"), ("efConstruction", "64"));
        else await IndexAsync("h", "vec", "FLAT", metric);
        await LoadAsync("h");

        var query = RandomRow();
        var phType = type switch { DataType.Int8Vector => PlaceholderType.Int8Vector, DataType.Float16Vector => PlaceholderType.Float16Vector, _ => PlaceholderType.Bfloat16Vector };
        var r = await SearchOk(Request("h", Placeholders(phType, [query]), 7));
        var expected = Rank(stored.Select((b, i) => ((long)i, Score(metric, Decode(query), Decode(b)))), metric != "L2", 7);
        AssertHits(expected, r.Ids.IntId.Data, r.Scores);
    }

    [Theory]
    [InlineData("HAMMING")]
    [InlineData("JACCARD")]
    public async Task BinaryVectorsMatchTheReference(string metric)
    {
        const int dim = 32, rows = 80;
        var rng = new Random(11);
        var stored = Enumerable.Range(0, rows).Select(_ => { var b = new byte[dim / 8]; rng.NextBytes(b); return b; }).ToArray();
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("b", Schemas.Pk(), Schemas.Vector("bv", dim, DataType.BinaryVector))));
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("b", rows, Cols.Longs("id", Enumerable.Range(0, rows).Select(i => (long)i).ToArray()),
            Cols.ByteVectors("bv", DataType.BinaryVector, dim, stored.SelectMany(b => b).ToArray())))).Status);
        await IndexAsync("b", "bv", "BIN_FLAT", metric);
        await LoadAsync("b");
        var query = new byte[dim / 8];
        rng.NextBytes(query);
        static int Pop(byte x) => System.Numerics.BitOperations.PopCount(x);
        double Ref(byte[] a)
        {
            int xor = 0, and = 0, or = 0;
            for (var i = 0; i < a.Length; i++) { xor += Pop((byte)(a[i] ^ query[i])); and += Pop((byte)(a[i] & query[i])); or += Pop((byte)(a[i] | query[i])); }
            return metric == "HAMMING" ? xor : 1 - (double)and / or;
        }
        var r = await SearchOk(Request("b", Placeholders(PlaceholderType.BinaryVector, [query]), 12));
        AssertHits(Rank(stored.Select((b, i) => ((long)i, Ref(b))), false, 12), r.Ids.IntId.Data, r.Scores);
    }

    [Fact]
    public async Task SparseInnerProductMatchesTheReference()
    {
        var rng = new Random(5);
        const int rows = 50;
        var stored = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, 6).Select(_ => (uint)rng.Next(0, 30)).Distinct()
            .Select(i => (Index: i, Value: (float)rng.NextDouble())).ToArray()).ToArray();
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("s", Schemas.Pk(), new FieldSchema { Name = "sv", DataType = DataType.SparseFloatVector })));
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("s", rows, Cols.Longs("id", Enumerable.Range(0, rows).Select(i => (long)i).ToArray()),
            Cols.Sparse("sv", stored.Select(Cols.SparseRow).ToArray())))).Status);
        await IndexAsync("s", "sv", "SPARSE_INVERTED_INDEX", "IP");
        await LoadAsync("s");
        var query = new (uint Index, float Value)[] { (1, 0.5f), (3, 1f), (7, 2f), (12, 0.25f), (20, 1.5f) };
        double Ref((uint Index, float Value)[] row) => row.Sum(e => query.Where(q => q.Index == e.Index).Sum(q => (double)q.Value * e.Value));
        var r = await SearchOk(Request("s", Placeholders(PlaceholderType.SparseFloatVector, [Cols.SparseRow(query)]), 8));
        bool Overlaps((uint Index, float Value)[] row) => row.Any(e => query.Any(q => q.Index == e.Index));
        // Rows sharing no index with the query are not hits (the inverted index never visits them).
        AssertHits(Rank(stored.Select((row, i) => (Row: row, Id: (long)i)).Where(x => Overlaps(x.Row)).Select(x => (x.Id, Ref(x.Row))), true, 8), r.Ids.IntId.Data, r.Scores);
    }

    [Fact]
    public async Task Bm25ScoresTheFunctionInputText()
    {
        var text = Schemas.Param(Schemas.Param(new FieldSchema { Name = "text", DataType = DataType.VarChar }, "max_length", "200"), "enable_analyzer", "true");
        var schema = Schemas.Of("t", Schemas.Pk(), text, new FieldSchema { Name = "sparse", DataType = DataType.SparseFloatVector });
        schema.Functions.Add(new FunctionSchema { Name = "bm25", Type = FunctionType.Bm25, InputFieldNames = { "text" }, OutputFieldNames = { "sparse" } });
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        string[] docs = ["the quick brown fox", "Quick quick QUICK", "lazy dog sleeps", "the fox and the dog", "nothing here"];
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("t", (uint)docs.Length, Cols.Longs("id", 0, 1, 2, 3, 4), Cols.Strings("text", docs)))).Status);
        await IndexAsync("t", "sparse", "SPARSE_INVERTED_INDEX", "BM25", ("bm25_k1", "1.5"), ("bm25_b", "0.5"));
        await LoadAsync("t");

        // Independent reference: lower-cased word runs, idf = ln(1 + (N - n + 0.5)/(n + 0.5)).
        var tokenized = docs.Select(d => d.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var avg = tokenized.Average(t => t.Length);
        double Bm25(string[] query, string[] doc)
        {
            double s = 0;
            foreach (var g in query.GroupBy(x => x))
            {
                var tf = doc.Count(t => t == g.Key);
                if (tf == 0) continue;
                var n = tokenized.Count(d => d.Contains(g.Key));
                var idf = Math.Log(1 + (docs.Length - n + 0.5) / (n + 0.5));
                s += g.Count() * idf * tf * 2.5 / (tf + 1.5 * (1 - 0.5 + 0.5 * doc.Length / avg));
            }
            return s;
        }
        var r = await SearchOk(Request("t", TextQueries("quick fox"), 3, ("metric_type", "BM25")));
        var q = new[] { "quick", "fox" };
        AssertHits(Rank(tokenized.Select((d, i) => ((long)i, Bm25(q, d))), true, 3), r.Ids.IntId.Data, r.Scores);
        Assert.Equal(0, r.Ids.IntId.Data[0]); // "quick" and "fox" once each beat "quick" three times (tf saturates)
    }

    [Fact]
    public async Task FilterOffsetOutputFieldsAndDynamicKeys()
    {
        var data = await FloatCollectionAsync("o", "L2");
        var queries = RandomFloats(new Random(4), 2, 8);
        var req = Request("o", FloatQueries(queries), 4, ("offset", "3"), ("anns_field", "vec")).Filter("tag in [1, 2] and color == \"red\"").Outputs("name", "rank", "vec");
        var r = await SearchOk(req);
        Assert.Equal(new long[] { 4, 4 }, r.Topks);
        Assert.Equal(new[] { "name", "vec", "rank" }.OrderBy(x => x), r.OutputFields.OrderBy(x => x));
        for (var q = 0; q < 2; q++)
        {
            var expected = Rank(data.Select((v, i) => ((long)i, L2(queries[q], v))).Where(x => x.Item1 % 5 is 1 or 2 && x.Item1 % 2 == 0), false, 4, offset: 3);
            var (ids, scores) = Slice(r, q);
            AssertHits(expected, ids, scores);
        }
        var names = r.FieldsData.Single(f => f.FieldName == "name").Scalars.StringData.Data;
        Assert.Equal(r.Ids.IntId.Data.Select(i => $"n{i}"), names);
        var vec = r.FieldsData.Single(f => f.FieldName == "vec").Vectors;
        Assert.Equal(8, vec.Dim);
        Assert.Equal(r.Ids.IntId.Data.SelectMany(i => data[i]), vec.FloatVector.Data);
        var meta = r.FieldsData.Single(f => f.IsDynamic).Scalars.JsonData.Data.Select(b => JsonDocument.Parse(b.ToByteArray()).RootElement).ToList();
        Assert.Equal(r.Ids.IntId.Data, meta.Select(m => m.GetProperty("rank").GetInt64()));
        Assert.All(meta, m => Assert.False(m.TryGetProperty("color", out _)));
        Assert.DoesNotContain(r.FieldsData, f => f.FieldName == "id");
    }

    [Fact]
    public async Task StarOutputsEveryFieldIncludingThePrimaryKey()
    {
        await FloatCollectionAsync("star", "IP", rows: 10);
        var r = await SearchOk(Request("star", FloatQueries(RandomFloats(new Random(2), 1, 8)), 3).Outputs("*"));
        Assert.Contains(r.FieldsData, f => f.FieldName == "id");
        Assert.Contains(r.FieldsData, f => f.FieldName == "vec");
        Assert.Contains(r.FieldsData, f => f.IsDynamic);
        Assert.Equal(r.Ids.IntId.Data, r.FieldsData.Single(f => f.FieldName == "id").Scalars.LongData.Data);
    }

    [Theory]
    [InlineData("L2", 1.0, 0.2)]
    [InlineData("L2", 0.8, null)]
    [InlineData("IP", 0.1, 0.9)]
    [InlineData("COSINE", 0.3, null)]
    public async Task RangeSearchKeepsScoresWithinTheBounds(string metric, double radius, double? rangeFilter)
    {
        var data = await FloatCollectionAsync("r", metric, rows: 150, dim: 4);
        var query = RandomFloats(new Random(8), 1, 4);
        var p = rangeFilter is { } rf ? $"{{\"radius\":{Inv(radius)},\"range_filter\":{Inv(rf)}}}" : $"{{\"radius\":{Inv(radius)}}}";
        var r = await SearchOk(Request("r", FloatQueries(query), 20, ("params", p)));
        var larger = metric != "L2";
        bool In(double d) => larger ? d > radius && (rangeFilter is null || d <= rangeFilter) : d < radius && (rangeFilter is null || d >= rangeFilter);
        var expected = Rank(data.Select((v, i) => ((long)i, Score(metric, query[0], v))).Where(x => In(x.Item2)), larger, 20);
        Assert.NotEmpty(expected);
        AssertHits(expected, r.Ids.IntId.Data, r.Scores);
    }

    [Fact]
    public async Task RangeFilterOnTheWrongSideOfRadiusFails()
    {
        await FloatCollectionAsync("rf", "L2", rows: 5);
        var res = await Client.SearchAsync(Request("rf", FloatQueries(RandomFloats(new Random(1), 1, 8)), 3, ("params", "{\"radius\":1,\"range_filter\":2}")));
        Schemas.Fails(res.Status, 1100, "range_filter must be less than radius for L2/HAMMING/JACCARD, range_filter:2.000000, radius:1.000000: invalid parameter");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GroupByFillsGroupsInScoreOrder(bool strict)
    {
        var data = await FloatCollectionAsync("g", "L2", rows: 60);
        var query = RandomFloats(new Random(6), 1, 8)[0];
        var r = await SearchOk(Request("g", FloatQueries(query), 3, ("group_by_field", "tag"), ("group_size", "2"), ("strict_group_size", strict ? "true" : "false")));

        // Reference: walk hits best-first; a group opens while fewer than 3 exist; stop per strictness.
        var ordered = Rank(data.Select((v, i) => ((long)i, L2(query, v))), false, 1000);
        var groups = new List<(long Tag, List<(long Id, double Score)> Hits)>();
        foreach (var h in ordered)
        {
            var tag = h.Id % 5;
            var g = groups.FirstOrDefault(x => x.Tag == tag);
            if (g.Hits is not null) { if (g.Hits.Count < 2) g.Hits.Add(h); }
            else if (groups.Count < 3) groups.Add((tag, [h]));
            if (groups.Count == 3 && (!strict || groups.All(x => x.Hits.Count >= 2))) break;
        }
        var expected = groups.SelectMany(g => g.Hits).ToList();
        AssertHits(expected, r.Ids.IntId.Data, r.Scores);
        Assert.Equal(expected.Select(e => e.Id % 5), r.GroupByFieldValue.Scalars.LongData.Data);
        Assert.Equal("tag", r.GroupByFieldValue.FieldName);
        if (strict) Assert.Equal(6, r.Topks[0]);
    }

    [Fact]
    public async Task DeletedRowsAreSkippedAndUpsertsReplace()
    {
        var data = await FloatCollectionAsync("d", "L2", rows: 20);
        var query = data[3];
        var first = await SearchOk(Request("d", FloatQueries(query), 1));
        Assert.Equal(3, first.Ids.IntId.Data[0]);
        Schemas.Ok((await Client.DeleteAsync(new DeleteRequest { CollectionName = "d", Expr = "id in [3]" })).Status);
        var second = await SearchOk(Request("d", FloatQueries(query), 20));
        Assert.DoesNotContain(3L, second.Ids.IntId.Data);
        Assert.Equal(19, second.Topks[0]);
        // Upsert key 5 with the query vector: the newest row wins, its old vector is gone.
        Schemas.Ok((await Client.UpsertAsync(Cols.Upsert("d", 1, Cols.Longs("id", 5), Cols.Longs("tag", 0), Cols.Strings("name", "new"),
            Cols.FloatVectors("vec", 8, query), Cols.Dynamic("{}")))).Status);
        var third = await SearchOk(Request("d", FloatQueries(query), 20).Outputs("name"));
        Assert.Equal(5, third.Ids.IntId.Data[0]);
        Assert.Equal(0f, third.Scores[0]);
        Assert.Equal(1, third.Ids.IntId.Data.Count(i => i == 5));
        Assert.Equal("new", third.FieldsData.Single().Scalars.StringData.Data[0]);
    }

    [Fact]
    public async Task RoundDecimalRoundsScores()
    {
        var data = await FloatCollectionAsync("rd", "IP", rows: 10);
        var query = RandomFloats(new Random(3), 1, 8)[0];
        var r = await SearchOk(Request("rd", FloatQueries(query), 3, ("round_decimal", "2")));
        var expected = Rank(data.Select((v, i) => ((long)i, IP(query, v))), true, 3);
        for (var i = 0; i < 3; i++) Assert.Equal((float)(Math.Floor(expected[i].Score * 100 + 0.5) / 100), r.Scores[i], 5);
    }

    [Fact]
    public async Task VarCharKeysComeBackAsStrIds()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("v", Schemas.Pk("pk", DataType.VarChar), Schemas.Vector("vec", 2))));
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("v", 3, Cols.Strings("pk", "a", "b", "c"), Cols.FloatVectors("vec", 2, 0, 0, 1, 1, 5, 5)))).Status);
        await IndexAsync("v", "vec", "FLAT", "L2");
        await LoadAsync("v");
        var r = await SearchOk(Request("v", FloatQueries([0.9f, 0.9f]), 2));
        Assert.Equal(new[] { "b", "a" }, r.Ids.StrId.Data);
        Assert.Equal(0.02f, r.Scores[0], 5);
    }

    [Fact]
    public async Task PartitionsLimitTheSearch()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("p", Schemas.Pk(), Schemas.Vector("vec", 2))));
        Schemas.Ok(await Client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "p", PartitionName = "p1" }));
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("p", 2, Cols.Longs("id", 1, 2), Cols.FloatVectors("vec", 2, 0, 0, 1, 1)))).Status);
        var ins = Cols.Insert("p", 1, Cols.Longs("id", 3), Cols.FloatVectors("vec", 2, 0.1f, 0.1f));
        ins.PartitionName = "p1";
        Schemas.Ok((await Client.InsertAsync(ins)).Status);
        await IndexAsync("p", "vec", "FLAT", "L2");
        await LoadAsync("p");
        var all = await SearchOk(Request("p", FloatQueries([0, 0]), 3));
        Assert.Equal(new long[] { 1, 3, 2 }, all.Ids.IntId.Data);
        var only = Request("p", FloatQueries([0, 0]), 3);
        only.PartitionNames.Add("p1");
        Assert.Equal(new long[] { 3 }, (await SearchOk(only)).Ids.IntId.Data);
        var missing = Request("p", FloatQueries([0, 0]), 3);
        missing.PartitionNames.Add("nope");
        Schemas.Fails((await Client.SearchAsync(missing)).Status, 65535, "partition name nope not found");
    }

    [Fact]
    public async Task ValidationErrorsCarryTheProxyTexts()
    {
        await FloatCollectionAsync("e", "L2", rows: 5);
        var q = FloatQueries(RandomFloats(new Random(1), 1, 8));
        Schemas.Fails((await Client.SearchAsync(Request("e", q, 0))).Status, 65535, "topk [0] is invalid, it should be in range [1, 16384], but got 0");
        Schemas.Fails((await Client.SearchAsync(Request("e", q, 16385))).Status, 65535, "topk [16385] is invalid, it should be in range [1, 16384], but got 16385");
        Schemas.Fails((await Client.SearchAsync(Request("e", q, 16000, ("offset", "1000")))).Status, 65535, "offset+topk [17000] is invalid, it should be in range [1, 16384], but got 17000");
        Schemas.Fails((await Client.SearchAsync(Request("e", q, 5, ("round_decimal", "7")))).Status, 65535, "round_decimal [7] is invalid, should be -1 or an integer in range [0, 6]");
        Schemas.Fails((await Client.SearchAsync(Request("e", q, 5, ("group_by_field", "tag"), ("group_size", "11")))).Status, 1100,
            "input group size:11 exceeds configured max group size:10: invalid parameter");
        Schemas.Fails((await Client.SearchAsync(Request("e", q, 5, ("group_by_field", "nope")))).Status, 1700, "groupBy field not found in schema: field not found[field=nope]");
        Schemas.Fails((await Client.SearchAsync(Request("e", q, 5, ("group_by_field", "tag"), ("params", "{\"radius\":1}")))).Status, 1100,
            "Not allowed to do range-search when doing search-group-by: invalid parameter[expected=][actual=]");
        Schemas.Fails((await Client.SearchAsync(Request("e", FloatQueries(new float[4]), 5))).Status, 2000,
            "vector dimension mismatch, expected vector size(byte) 32, actual 16.: segcore error");
        Schemas.Fails((await Client.SearchAsync(Request("e", Placeholders(PlaceholderType.FloatVector, []), 5))).Status, 65535,
            "nq [0] is invalid, nq (number of search vector per search request) should be in range [1, 16384], but got 0");
        var bad = (await Client.SearchAsync(Request("e", q, 5).Filter("name == 1"))).Status;
        Assert.Equal(1100, bad.Code);
        Assert.StartsWith("failed to create query plan: ", bad.Reason);
        var noTopk = Request("e", q, 5);
        noTopk.SearchParams.RemoveAt(0);
        Schemas.Fails((await Client.SearchAsync(noTopk)).Status, 65535, "topk is required");
    }

    [Fact]
    public async Task SeveralVectorFieldsNeedAnAnnsFieldAndUnloadedFails()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("two", Schemas.Pk(), Schemas.Vector("a", 2), Schemas.Vector("b", 2))));
        await IndexAsync("two", "a", "FLAT", "L2");
        await IndexAsync("two", "b", "FLAT", "IP");
        var q = FloatQueries([1, 0]);
        var describe = await Client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "two" });
        Schemas.Fails((await Client.SearchAsync(Request("two", q, 1, ("anns_field", "a")))).Status, 101,
            $"failed to search: collection not loaded[collection={describe.CollectionID}]");
        await LoadAsync("two");
        Schemas.Fails((await Client.SearchAsync(Request("two", q, 1))).Status, 65535, "multiple anns_fields exist, please specify a anns_field in search_params");
        Schemas.Ok((await Client.SearchAsync(Request("two", q, 1, ("anns_field", "b")))).Status);
        Schemas.Fails((await Client.SearchAsync(Request("two", Placeholders(PlaceholderType.BinaryVector, [new byte[1]]), 1, ("anns_field", "a")))).Status, 2000,
            "vector type must be the same, field a - type VECTOR_FLOAT, search info type VECTOR_BINARY: segcore error");
    }

    [Fact]
    public async Task GrowingSegmentsCanBeIgnored()
    {
        var data = await FloatCollectionAsync("ig", "L2", rows: 10);
        Schemas.Ok((await Client.FlushAsync(new FlushRequest { CollectionNames = { "ig" } })).Status);
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("ig", 1, Cols.Longs("id", 100), Cols.Longs("tag", 0), Cols.Strings("name", "g"),
            Cols.FloatVectors("vec", 8, data[0]), Cols.Dynamic("{}")))).Status);
        var with = await SearchOk(Request("ig", FloatQueries(data[0]), 20));
        Assert.Equal(11, with.Topks[0]);
        var without = await SearchOk(Request("ig", FloatQueries(data[0]), 20, ("ignore_growing", "true")));
        Assert.Equal(10, without.Topks[0]);
        Assert.DoesNotContain(100L, without.Ids.IntId.Data);
    }
}
