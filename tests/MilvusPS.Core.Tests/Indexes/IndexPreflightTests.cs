using MilvusPS.Core.Errors;
using MilvusPS.Core.Indexes;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Core.Tests.Indexes;

public sealed class IndexPreflightTests
{
    private static readonly MilvusVersion V26 = new(2, 6, 22);
    private static readonly MilvusVersion V24 = new(2, 4, 10);
    private static readonly Dictionary<string, string> None = [];

    private static MilvusField Field(MilvusDataType type, int? dim = null, string name = "f", MilvusDataType? element = null, bool pk = false) =>
        new(name, type) { Dimension = dim ?? (type.IsDenseVector() ? 128 : null), ElementType = element, IsPrimaryKey = pk, MaxLength = type == MilvusDataType.VarChar ? 64 : null, MaxCapacity = element is null ? null : 10 };

    private static MilvusDataType Type(string wire) => wire == "JSON" ? MilvusDataType.Json : Enum.Parse<MilvusDataType>(wire);

    public static IEnumerable<object[]> EveryIndexType() => IndexFacts.All.Where(t => t.UserCreatable).Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(EveryIndexType))]
    public void EveryIndexTypeAcceptsAnAllowedFieldAndMetric(string indexType)
    {
        var fact = IndexFacts.Find(indexType)!;
        var support = fact.FieldTypes.First(f => f.DataType != "JSON" && f.DataType != "Array");
        var type = Type(support.DataType);
        var field = Field(type);
        var metric = field.IsVector ? fact.MetricsFor(support.DataType, V26)[0] : null;
        var ps = new Dictionary<string, string>();
        foreach (var p in fact.BuildParams.Where(p => p.Required)) ps[p.Name] = p.Name == "m" ? "8" : "2";
        var findings = IndexPreflight.Evaluate(field, indexType, metric, ps, V26);
        Assert.DoesNotContain(findings, f => f.Severity == IndexFindingSeverity.Error);
        IndexPreflight.Check(field, indexType, metric, ps, V26);
    }

    [Fact]
    public void TableCoversTheIssueList()
    {
        foreach (var name in new[] { "FLAT", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "SCANN", "IVF_RABITQ", "HNSW", "HNSW_SQ", "HNSW_PQ", "HNSW_PRQ", "DISKANN", "AUTOINDEX",
                     "BIN_FLAT", "BIN_IVF_FLAT", "MINHASH_LSH", "SPARSE_INVERTED_INDEX", "SPARSE_WAND", "GPU_IVF_FLAT", "GPU_IVF_PQ", "GPU_CAGRA", "GPU_BRUTE_FORCE",
                     "INVERTED", "BITMAP", "STL_SORT", "Trie", "NGRAM", "HYBRID", "RTREE" })
            Assert.NotNull(IndexFacts.Find(name));
        Assert.Equal("COSINE", IndexFacts.DefaultMetric("FloatVector"));
        Assert.Equal("IP", IndexFacts.DefaultMetric("SparseFloatVector"));
        Assert.Equal("HAMMING", IndexFacts.DefaultMetric("BinaryVector"));
        Assert.Equal(new NumericRange(2, true, 2048, true), IndexFacts.Find("HNSW")!.Param("M")!.Range);
        Assert.Equal("[0, 1)", IndexFacts.Find("SPARSE_WAND")!.Param("drop_ratio_build")!.Range!.ToString());
    }

    [Fact]
    public void RejectedMetricNamesAllowedOnesAndNearest()
    {
        var f = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector, name: "vec"), "HNSW", "JACCARD", None, V26));
        Assert.Equal("IndexMetricNotAllowed", f.ErrorId);
        Assert.Contains("metric JACCARD is not allowed for HNSW on FloatVector field 'vec'; allowed: L2, IP, COSINE", f.Message);
        Assert.NotNull(f.Suggestion);
        var bin = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.BinaryVector, 64), "BIN_FLAT", "HAMMINGG", None, V26));
        Assert.Equal("HAMMING", bin.Suggestion);
    }

    [Fact]
    public void RejectedDataTypeSuggestsApplicableTypes()
    {
        var ex = Assert.Throws<MilvusException>(() => IndexPreflight.Check(Field(MilvusDataType.BinaryVector, 64, "bits"), "HNSW", null, None, V26, "docs"));
        Assert.Equal("IndexTypeNotSupportedForField", ex.ErrorId);
        Assert.Equal(MilvusErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("CreateIndex", ex.Operation);
        Assert.Equal("docs.bits", ex.Target);
        Assert.Equal(1100, ex.MilvusCode);
        Assert.StartsWith("HNSW does not apply to BinaryVector field 'bits'; use BIN_FLAT, BIN_IVF_FLAT", ex.Message);

        var pk = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.Int64, pk: true), "BITMAP", null, None, V26));
        Assert.Equal("IndexTypeNotSupportedForField", pk.ErrorId);
        var flt = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.Double), "BITMAP", null, None, V26));
        Assert.Equal("IndexTypeNotSupportedForField", flt.ErrorId);
        var trie = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.Int32), "Trie", null, None, V26));
        Assert.Equal("IndexTypeNotSupportedForField", trie.ErrorId);
    }

    [Fact]
    public void ParamOutOfRangeGivesNearestValid()
    {
        var f = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector), "HNSW", "L2", new Dictionary<string, string> { ["M"] = "4096" }, V26));
        Assert.Equal("IndexParamOutOfRange", f.ErrorId);
        Assert.StartsWith("M=4096 is out of range [2, 2048]", f.Message);
        Assert.EndsWith("nearest valid: 2048", f.Message);
        Assert.Equal("2048", f.Suggestion);
        var ratio = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.SparseFloatVector), "SPARSE_WAND", "IP", new Dictionary<string, string> { ["drop_ratio_build"] = "1" }, V24));
        Assert.Equal("IndexParamOutOfRange", ratio.ErrorId);
    }

    [Fact]
    public void PqMustDivideDim()
    {
        var f = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector, 100), "IVF_PQ", "L2", new Dictionary<string, string> { ["m"] = "7" }, V26));
        Assert.Equal("IndexParamInvalid", f.ErrorId);
        Assert.Contains("nearest valid: 5", f.Message);
        var missing = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector), "IVF_PQ", "L2", None, V26));
        Assert.Equal("IndexParamRequired", missing.ErrorId);
    }

    [Fact]
    public void UnknownParamSuggestsTheClosestName()
    {
        var f = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector), "HNSW", "L2", new Dictionary<string, string> { ["efconstruction"] = "200" }, V26));
        Assert.Equal("IndexParamUnknown", f.ErrorId);
        Assert.EndsWith("did you mean efConstruction?", f.Message);
        var search = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector), "HNSW", "L2", new Dictionary<string, string> { ["ef"] = "64" }, V26));
        Assert.Contains("search parameter", search.Message);
        var type = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector), "HSNW", "L2", None, V26));
        Assert.Equal("IndexTypeUnknown", type.ErrorId);
        Assert.Equal("HNSW", type.Suggestion);
    }

    [Fact]
    public void VersionGates()
    {
        var ex = Assert.Throws<MilvusException>(() => IndexPreflight.Check(Field(MilvusDataType.FloatVector), "IVF_RABITQ", "L2", None, V24));
        Assert.Equal("ServerVersionTooOld", ex.ErrorId);
        Assert.Equal(MilvusErrorKind.Unsupported, ex.Kind);
        var stl = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.VarChar), "STL_SORT", null, None, V24));
        Assert.Equal("ServerVersionTooOld", stl.ErrorId);
        Assert.Empty(IndexPreflight.Evaluate(Field(MilvusDataType.VarChar), "STL_SORT", null, None, V26));
        var bm25 = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.SparseFloatVector), "SPARSE_INVERTED_INDEX", "BM25", None, V24));
        Assert.Equal("ServerVersionTooOld", bm25.ErrorId);
    }

    [Fact]
    public void AutoIndexTakesOnlyTheMetricAndResolves()
    {
        var field = Field(MilvusDataType.FloatVector);
        var f = Assert.Single(IndexPreflight.Evaluate(field, "AUTOINDEX", "L2", new Dictionary<string, string> { ["M"] = "8" }, V26));
        Assert.Equal("IndexParamInvalid", f.ErrorId);
        var plan = IndexPreflight.Resolve(field, "AUTOINDEX", null, null, V26);
        Assert.Equal("HNSW", plan.IndexType);
        Assert.Equal("COSINE", plan.MetricType);
        Assert.True(plan.MetricDefaulted);
        Assert.Equal("18", plan.BuildParams["M"]);
        var hnsw = IndexPreflight.Resolve(field, "HNSW", "ip", new Dictionary<string, string> { ["M"] = "16" }, V26);
        Assert.Equal("IP", hnsw.MetricType);
        Assert.Equal("16", hnsw.BuildParams["M"]);
        Assert.Equal("360", hnsw.BuildParams["efConstruction"]);
        Assert.Equal("BIN_IVF_FLAT", IndexPreflight.Resolve(Field(MilvusDataType.BinaryVector, 64), null, null, null, V26).IndexType);
    }

    [Fact]
    public void MissingMetricWithoutAllowedDefaultIsRequired()
    {
        var f = Assert.Single(IndexPreflight.Evaluate(Field(MilvusDataType.BinaryVector, 64), "MINHASH_LSH", null, None, V26));
        Assert.Equal("IndexMetricRequired", f.ErrorId);
        Assert.Equal("MHJACCARD", f.Suggestion);
    }

    [Fact]
    public void GpuIndexesWarn()
    {
        var findings = IndexPreflight.Evaluate(Field(MilvusDataType.FloatVector), "GPU_CAGRA", "L2", None, V26);
        var w = Assert.Single(findings);
        Assert.Equal(IndexFindingSeverity.Warning, w.Severity);
        Assert.Equal("IndexNeedsGpu", w.ErrorId);
    }
}
