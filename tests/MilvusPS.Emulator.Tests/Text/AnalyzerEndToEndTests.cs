using Google.Protobuf;
using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Search.SearchKit;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Text;

/// <summary>Analyzers through the gRPC emulator: validation on create / add field, BM25 search, text_match and phrase_match.</summary>
public sealed class AnalyzerEndToEndTests : EmulatorTests
{
    private const string English = """{"type": "english"}""";

    // The english analyzer's tokens for each document, worked out by hand (stop words gone, Porter2 stems).
    private static readonly string[] Docs =
    [
        "He was running to the station",     // he run station
        "Runners run every morning",         // runner run everi morn
        "The quick brown fox",               // quick brown fox
        "A fox runs quickly past the dog",   // fox run quick past dog
        "Nothing relevant here",             // noth relev here
    ];

    private static readonly string[][] DocTerms =
    [
        ["he", "run", "station"],
        ["runner", "run", "everi", "morn"],
        ["quick", "brown", "fox"],
        ["fox", "run", "quick", "past", "dog"],
        ["noth", "relev", "here"],
    ];

    private static FieldSchema TextField(params (string Key, string Value)[] typeParams)
    {
        var field = Schemas.Param(new FieldSchema { Name = "text", DataType = DataType.VarChar }, "max_length", "1000");
        foreach (var (key, value) in typeParams) Schemas.Param(field, key, value);
        return field;
    }

    private static CollectionSchema Bm25Schema(string name, FieldSchema text, params FieldSchema[] extra)
    {
        var schema = Schemas.Of(name, [Schemas.Pk(), text, .. extra, new FieldSchema { Name = "sparse", DataType = DataType.SparseFloatVector }]);
        schema.Functions.Add(new FunctionSchema { Name = "bm25", Type = FunctionType.Bm25, InputFieldNames = { "text" }, OutputFieldNames = { "sparse" } });
        return schema;
    }

    private async Task CreateLoadedAsync(CollectionSchema schema, params FieldData[] columns)
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        var rows = (uint)columns[0].Scalars.LongData.Data.Count;
        Schemas.Ok((await Client.InsertAsync(Cols.Insert(schema.Name, rows, columns))).Status);
        var index = new CreateIndexRequest { CollectionName = schema.Name, FieldName = "sparse" };
        index.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = "SPARSE_INVERTED_INDEX" });
        index.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = "BM25" });
        Schemas.Ok(await Client.CreateIndexAsync(index));
        Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = schema.Name }));
    }

    private Task EnglishDocsAsync() => CreateLoadedAsync(
        Bm25Schema("docs", TextField(("enable_analyzer", "true"), ("enable_match", "true"), ("analyzer_params", English))),
        Cols.Longs("id", 0, 1, 2, 3, 4), Cols.Strings("text", Docs));

    private async Task<SearchResultData> SearchAsync(string collection, string text, params (string, string)[] extra)
    {
        var res = await Client.SearchAsync(Request(collection, TextQueries(text), 5, [("metric_type", "BM25"), .. extra]));
        Schemas.Ok(res.Status);
        return res.Results;
    }

    private async Task<long[]> MatchingIdsAsync(string expr)
    {
        var res = await Client.QueryAsync(Cols.Query("docs", expr, "id"));
        Schemas.Ok(res.Status);
        return res.Field("id").Scalars.LongData.Data.Order().ToArray();
    }

    /// <summary>BM25 with k1 1.2 and b 0.75 over the hand-made token lists.</summary>
    private static double Bm25(string[] query, int doc)
    {
        var avgdl = DocTerms.Average(d => d.Length);
        double score = 0;
        foreach (var term in query)
        {
            var tf = DocTerms[doc].Count(t => t == term);
            if (tf == 0) continue;
            var n = DocTerms.Count(d => d.Contains(term));
            var idf = Math.Log(1 + (DocTerms.Length - n + 0.5) / (n + 0.5));
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * DocTerms[doc].Length / avgdl));
        }
        return score;
    }

    [Fact]
    public async Task English_bm25_matches_running_to_run_and_ranks_by_the_stemmed_terms()
    {
        await EnglishDocsAsync();
        var r = await SearchAsync("docs", "running");
        AssertHits([(0, Bm25(["run"], 0)), (1, Bm25(["run"], 1)), (3, Bm25(["run"], 3))], r.Ids.IntId.Data, r.Scores);

        var both = await SearchAsync("docs", "Quick foxes");
        AssertHits([(2, Bm25(["quick", "fox"], 2)), (3, Bm25(["quick", "fox"], 3))], both.Ids.IntId.Data, both.Scores);
    }

    [Fact]
    public async Task English_stop_words_do_not_count()
    {
        await EnglishDocsAsync();
        Assert.Equal(new long[] { 0 }, (await SearchAsync("docs", "the was to")).Topks);
        var withStopWords = await SearchAsync("docs", "the station");
        AssertHits([(0, Bm25(["station"], 0))], withStopWords.Ids.IntId.Data, withStopWords.Scores);
    }

    [Fact]
    public async Task Text_match_uses_the_field_analyzer()
    {
        await EnglishDocsAsync();
        Assert.Equal(new long[] { 0, 1, 3 }, await MatchingIdsAsync("text_match(text, \"runs\")"));
        Assert.Equal(new long[] { 2, 3 }, await MatchingIdsAsync("text_match(text, \"FOXES\")"));
        Assert.Empty(await MatchingIdsAsync("text_match(text, \"the was\")"));
        Assert.Equal(new long[] { 3 }, await MatchingIdsAsync("text_match(text, \"quick runs dogs\", minimum_should_match=3)"));
    }

    [Fact]
    public async Task Phrase_match_counts_positions_including_stop_word_gaps()
    {
        await EnglishDocsAsync();
        // run@2 station@5 in the document; run@0 station@1 in the query: a window of 2.
        Assert.Empty(await MatchingIdsAsync("phrase_match(text, \"running station\")"));
        Assert.Empty(await MatchingIdsAsync("phrase_match(text, \"running station\", 1)"));
        Assert.Equal(new long[] { 0 }, await MatchingIdsAsync("phrase_match(text, \"running station\", 2)"));
        // Stop words keep their positions on both sides, so the exact phrase matches with slop 0.
        Assert.Equal(new long[] { 0 }, await MatchingIdsAsync("phrase_match(text, \"run to the station\")"));
        // quick@1 brown@2 fox@3 needs slop 1; fox@1 .. quick@3 (reversed) needs slop 3.
        Assert.Empty(await MatchingIdsAsync("phrase_match(text, \"quick fox\")"));
        Assert.Equal(new long[] { 2 }, await MatchingIdsAsync("phrase_match(text, \"quick fox\", 1)"));
        Assert.Equal(new long[] { 2, 3 }, await MatchingIdsAsync("phrase_match(text, \"quick fox\", 3)"));
    }

    [Fact]
    public async Task Multi_analyzer_picks_each_rows_analyzer_by_field_and_the_query_one_by_analyzer_name()
    {
        const string multi = """{"by_field": "lang", "alias": {"english": "en"}, "analyzers": {"en": {"type": "english"}, "default": {"tokenizer": "whitespace"}}}""";
        var lang = Schemas.Param(new FieldSchema { Name = "lang", DataType = DataType.VarChar }, "max_length", "16");
        await CreateLoadedAsync(Bm25Schema("multi", TextField(("enable_analyzer", "true"), ("multi_analyzer_params", multi)), lang),
            Cols.Longs("id", 0, 1, 2), Cols.Strings("lang", "en", "english", "fr"), Cols.Strings("text", "running dogs", "running cats", "running"));

        Assert.Equal(new long[] { 0, 1 }, (await SearchAsync("multi", "run", ("analyzer_name", "en"))).Ids.IntId.Data.Order());
        Assert.Equal(new long[] { 2 }, (await SearchAsync("multi", "running", ("analyzer_name", "fr"))).Ids.IntId.Data);
        Assert.Equal(new long[] { 2 }, (await SearchAsync("multi", "running")).Ids.IntId.Data);
    }

    [Fact]
    public async Task Create_collection_refuses_bad_analyzer_params_as_milvus_does()
    {
        var bad = Schemas.Of("bad", Schemas.Pk(), Schemas.Vector(), TextField(("enable_analyzer", "true"), ("enable_match", "true"), ("analyzer_params", """{"tokenizer": "keyword"}""")));
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Create(bad)), 2000,
            "failed to create tokenizer, C Runtime Exception: Assert \"res.result_->success\"  => Tokenizer creation failed: create tokenizer failed with error: " +
            "InvalidArgument: unsupported tokenizer: keyword param: {\"tokenizer\": \"keyword\"}: segcore error[segcoreCode=2001]");

        var noAnalyzer = Schemas.Of("bad", Schemas.Pk(), Schemas.Vector(), TextField(("enable_match", "true")));
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Create(noAnalyzer)), 65535,
            "field text is set to enable match or bm25 function but not enable analyzer");

        // Without enable_match or a BM25 function Milvus never builds the analyzer, so nothing is checked.
        var unvalidated = Schemas.Of("unchecked", Schemas.Pk(), Schemas.Vector(), TextField(("enable_analyzer", "true"), ("analyzer_params", "not json")));
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(unvalidated)));
    }

    [Theory]
    [InlineData("""{"by_field": "lang", "analyzers": {"en": {"type": "english"}}}""", "multi analyzer must set default analyzer for all unknown value")]
    [InlineData("""{"analyzers": {"default": {}}}""", "multi analyzer params now must set by_field to specify with field decide analyzer")]
    [InlineData("""{"by_field": "nope", "analyzers": {"default": {}}}""", "multi analyzer dependent field \"nope\" not exist in collection m")]
    [InlineData("""{"by_field": "lang", "alias": {"a": 1}, "analyzers": {"default": {}}}""", "multi analyzer alias must be string map but now: {\"a\": 1}")]
    [InlineData("""{"by_field": "lang"}""", "multi analyzer params must set analyzers ")]
    [InlineData("""{"by_field": "lang", "analyzers": {"default": {"type": "jieba"}}}""",
        "analyzer default params invalid: failed to create tokenizer, C Runtime Exception: Assert \"res.result_->success\"  => Tokenizer creation failed: " +
        "create tokenizer failed with error: InternalError: unknown build-in analyzer type: jieba param: {\"type\": \"jieba\"}: segcore error[segcoreCode=2001]")]
    public async Task Create_collection_refuses_bad_multi_analyzer_params(string multi, string reason)
    {
        var lang = Schemas.Param(new FieldSchema { Name = "lang", DataType = DataType.VarChar }, "max_length", "16");
        var schema = Bm25Schema("m", TextField(("enable_analyzer", "true"), ("multi_analyzer_params", multi)), lang);
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Create(schema)), 65535, reason);
    }

    [Fact]
    public async Task Multi_analyzer_params_are_for_bm25_only()
    {
        var multi = """{"by_field": "lang", "analyzers": {"default": {}}}""";
        var lang = Schemas.Param(new FieldSchema { Name = "lang", DataType = DataType.VarChar }, "max_length", "16");
        var schema = Bm25Schema("m", TextField(("enable_analyzer", "true"), ("enable_match", "true"), ("multi_analyzer_params", multi)), lang);
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Create(schema)), 65535,
            "multi analyzer now only support for bm25, but now field text enable match");
    }

    [Fact]
    public async Task Add_field_checks_the_analyzer_of_a_match_field()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("c")));
        var added = TextField(("enable_analyzer", "true"), ("enable_match", "true"), ("analyzer_params", """{"tokenizer": "standard", "filter": [{"type": "stemmer", "language": "latin"}]}"""));
        added.Name = "body";
        added.Nullable = true;
        Schemas.Fails(await Client.AddCollectionFieldAsync(new AddCollectionFieldRequest { CollectionName = "c", Schema = added.ToByteString() }), 2000,
            "failed to create tokenizer, C Runtime Exception: Assert \"res.result_->success\"  => Tokenizer creation failed: create tokenizer failed with error: " +
            "InternalError: create stemmer failed : unsupport language: latin param: {\"tokenizer\": \"standard\", \"filter\": [{\"type\": \"stemmer\", \"language\": \"latin\"}]}: segcore error[segcoreCode=2001]");
    }

    private static RunAnalyzerRequest RunRequest(params string[] texts)
    {
        var request = new RunAnalyzerRequest();
        request.Placeholder.AddRange(texts.Select(ByteString.CopyFromUtf8));
        return request;
    }

    [Fact]
    public async Task Run_analyzer_returns_tokens_with_offsets_positions_and_term_hashes()
    {
        var request = RunRequest("The runners were running", "café");
        request.AnalyzerParams = English;
        request.WithDetail = true;
        request.WithHash = true;
        var res = await Client.RunAnalyzerAsync(request);
        Schemas.Ok(res.Status);
        Assert.Equal(2, res.Results.Count);
        var tokens = res.Results[0].Tokens;
        Assert.Equal(["runner", "were", "run"], tokens.Select(t => t.Token));
        Assert.Equal(new long[] { 1, 2, 3 }, tokens.Select(t => t.Position));
        Assert.Equal(new[] { (4L, 11L), (12L, 16L), (17L, 24L) }, tokens.Select(t => (t.StartOffset, t.EndOffset)));
        Assert.All(tokens, t => Assert.Equal(1, t.PositionLength));
        // CRC-32 (IEEE) of the term's UTF-8 bytes, as zlib.crc32 computes it.
        Assert.Equal(new uint[] { 4180380478, 1349952704 }, new[] { tokens[0].Hash, tokens[2].Hash });
        Assert.Equal(2561491637u, Assert.Single(res.Results[1].Tokens).Hash);
        Assert.Equal((0L, 5L), (res.Results[1].Tokens[0].StartOffset, res.Results[1].Tokens[0].EndOffset));
    }

    [Fact]
    public async Task Run_analyzer_uses_a_fields_analyzers_and_refuses_bad_params()
    {
        await EnglishDocsAsync();
        var byField = RunRequest("Foxes were running");
        byField.CollectionName = "docs";
        byField.FieldName = "text";
        var res = await Client.RunAnalyzerAsync(byField);
        Schemas.Ok(res.Status);
        Assert.Equal(["fox", "were", "run"], res.Results[0].Tokens.Select(t => t.Token));
        Assert.Equal(0u, res.Results[0].Tokens[0].Hash);

        byField.FieldName = "nope";
        Schemas.Fails((await Client.RunAnalyzerAsync(byField)).Status, 1700, "field not found[field=nope]");

        var bad = RunRequest("x");
        bad.AnalyzerParams = """{"type": "klingon"}""";
        Schemas.Fails((await Client.RunAnalyzerAsync(bad)).Status, 2000,
            "failed to create tokenizer, C Runtime Exception: Assert \"res.result_->success\"  => Tokenizer creation failed: create tokenizer failed with error: " +
            "InternalError: unknown build-in analyzer type: klingon param: {\"type\": \"klingon\"}: segcore error[segcoreCode=2001]");
    }

    [Fact]
    public async Task Run_analyzer_is_unknown_before_2_5()
    {
        await using var old = await TestEmulator.StartAsync(o => o.MilvusVersion = "2.4.24");
        using var channel = TestEmulator.Channel(old);
        var e = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await TestEmulator.Client(channel).RunAnalyzerAsync(RunRequest("x")));
        Assert.Equal(Grpc.Core.StatusCode.Unimplemented, e.StatusCode);
    }
}
