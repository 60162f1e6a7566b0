using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Search;
using MilvusPS.Emulator.Storage;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Services;

// Search and HybridSearch: exact (brute-force) answers, validated in the proxy's order (PreExecute: collection,
// partitions, output fields, nq, plan), then the query node's checks (load state, metric, placeholder).
internal sealed partial class MilvusServiceFacade
{
    /// <summary>defaultMaxSearchRequest: sub-requests of one hybrid search.</summary>
    private const int MaxSearchRequests = 1024;

    public override Task<SearchResults> Search(SearchRequest request, ServerCallContext context)
    {
        var c = DataCollection(context, request.DbName, request.CollectionName);
        var targets = SearchPartitions(c, request.PartitionNames);
        var outputs = TranslateSearchOutputs(c, request.OutputFields);
        if (request.SearchInputCase == SearchRequest.SearchInputOneofCase.Ids)
            // unverified text: search by primary keys (2.6.8+) is not emulated.
            throw MilvusError.Of("ParameterInvalid").Wrap("search by primary keys is not supported by the emulator");
        var nq = QueryVectors.CountOf(request.Nq, request.PlaceholderGroup);
        ValidateNq(nq);
        var iteratorV2 = RpcAvailability.IsFieldAvailable("milvus.proto.schema.SearchResultData", "search_iterator_v2_results", _state.Catalog.Version);
        var plan = SearchPlan.Parse(c, request.SearchParams, request.Dsl, request.ExprTemplateValues, rank: null, multipleVectorFields: true, iteratorV2);

        var scope = LoadedScope(c, targets, "failed to search");
        var input = BindSearch(c, plan, request.PlaceholderGroup, plan.IgnoreGrowing);
        if (plan.IteratorV2 is { } iterator) input = input with { Page = _state.SearchIterators.WindowFor(iterator, Metrics.LargerIsCloser(input.Metric)) };
        var (perQuery, candidates) = SearchEngine.Run(_state.Data.Of(c), c.Schema, scope, input);
        var response = SearchResponse(c, request.CollectionName, nq, plan.TopK, perQuery, outputs, plan.GroupBy, candidates);
        if (plan.IteratorV2 is { } it)
            // The proxy reports the token (generated on the first page) and the last hit's score as the next page's bound.
            response.Results.SearchIteratorV2Results = new SearchIteratorV2Results { Token = it.Token, LastBound = _state.SearchIterators.Advance(it, perQuery.Length > 0 ? perQuery[0] : []) };
        return Task.FromResult(response);
    }

    public override Task<SearchResults> HybridSearch(HybridSearchRequest request, ServerCallContext context)
    {
        var c = DataCollection(context, request.DbName, request.CollectionName);
        var targets = SearchPartitions(c, request.PartitionNames);
        var outputs = TranslateSearchOutputs(c, request.OutputFields);
        if (request.Requests.Count > MaxSearchRequests)
            // Verified text (searchTask.PreExecute).
            throw MilvusError.Plain($"maximum of ann search requests is {MaxSearchRequests}");

        // checkNq: every sub-request carries the same nq.
        long nq = 0;
        foreach (var sub in request.Requests)
        {
            var subNq = QueryVectors.CountOf(sub.Nq, sub.PlaceholderGroup);
            if (nq == 0) { nq = subNq; continue; }
            if (subNq != nq)
                // Verified (checkNq): merr.WrapErrParameterInvalid(nq, subNq, "sub search request nq should be the same").
                throw MilvusError.Of("ParameterInvalid", ("expected", nq), ("actual", subNq)).Wrap("sub search request nq should be the same");
        }
        ValidateNq(nq);
        var ignoreGrowing = SearchPlan.ParseIgnoreGrowing(request.RankParams);

        var reranker = Reranker.Parse(request.RankParams, request.Requests.Count);
        var window = Reranker.ParseWindow(request.RankParams);
        var plans = request.Requests
            .Select(sub => SearchPlan.Parse(c, sub.SearchParams, sub.Dsl, sub.ExprTemplateValues, window, multipleVectorFields: true))
            .ToList();

        var scope = LoadedScope(c, targets, "failed to search");
        var data = _state.Data.Of(c);
        var subResults = new List<(List<Hit>[] PerQuery, Metric Metric)>();
        long candidates = 0;
        for (var i = 0; i < plans.Count; i++)
        {
            var input = BindSearch(c, plans[i], request.Requests[i].PlaceholderGroup, ignoreGrowing || plans[i].IgnoreGrowing);
            var (perQuery, count) = SearchEngine.Run(data, c.Schema, scope, input);
            candidates += count;
            subResults.Add((perQuery, input.Metric));
        }
        var merged = new List<Hit>[nq];
        for (var q = 0; q < nq; q++)
            merged[q] = reranker.Merge(subResults.Select(s => (s.PerQuery[q], s.Metric)).ToList(), window);
        return Task.FromResult(SearchResponse(c, request.CollectionName, nq, window.Limit, merged, outputs, null, candidates));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>validateNQLimit, as checkNq reports it.</summary>
    private static void ValidateNq(long nq)
    {
        if (nq <= 0 || nq > SearchPlan.TopKLimit)
            // Verified prefix "nq [N] is invalid, nq (number of search vector per search request) should be in range [1, 16384]"; ", but got N" follows validateLimit's shape.
            throw MilvusError.Plain($"nq [{nq}] is invalid, nq (number of search vector per search request) should be in range [1, {SearchPlan.TopKLimit}], but got {nq}");
    }

    /// <summary>The partitions a search names (PreExecute's partition-key and getPartitionIDs checks).</summary>
    private List<PartitionEntry> SearchPartitions(CollectionEntry c, IEnumerable<string> names)
    {
        var list = names.ToList();
        if (c.HasPartitionKey && list.Count > 0)
            // Verified (searchTask.PreExecute): errors.New.
            throw MilvusError.Plain("not support manually specifying the partition names if partition key mode is used");
        foreach (var tag in list) Names.ValidatePartitionName(tag);
        var all = _state.Catalog.PartitionsOf(c);
        var targets = new List<PartitionEntry>();
        foreach (var name in list)
            // Verified (getPartitionIDs): fmt.Errorf("partition name %s not found").
            targets.Add(all.FirstOrDefault(p => p.Name == name) ?? throw MilvusError.Plain($"partition name {name} not found"));
        return targets;
    }

    /// <summary>
    /// The loaded partitions a read covers: the named ones (each must be loaded) or every loaded one. <paramref name="failed"/>
    /// prefixes the errors ("failed to query" is the verified shape from a 2.4 server: "failed to query: collection not
    /// loaded[collection=<id>]", code 101; search's verb is assumed to follow it).
    /// </summary>
    private HashSet<long> LoadedScope(CollectionEntry c, List<PartitionEntry> targets, string failed)
    {
        if (c.LoadKind == LoadKind.None) throw MilvusError.Of("CollectionNotLoaded", ("collection", c.Id)).Wrap(failed);
        foreach (var p in targets)
            if (_state.Catalog.InMemoryPercentage(c, p) is null)
                // unverified text
                throw MilvusError.Of("PartitionNotLoaded", ("partition", p.Id)).Wrap(failed);
        return (targets.Count > 0 ? targets : _state.Catalog.LoadedPartitionsOf(c)).Select(p => p.Id).ToHashSet();
    }

    /// <summary>The query node's side: the index's metric (and the metric check), BM25 parameters, the decoded query vectors.</summary>
    private SearchInput BindSearch(CollectionEntry c, SearchPlan plan, ByteString placeholderGroup, bool ignoreGrowing)
    {
        var field = plan.Field;
        var index = c.Indexes.FirstOrDefault(i => i.FieldId == field.FieldID)
            // unverified text: a loaded collection always has its vector fields indexed.
            ?? throw MilvusError.Of("IndexNotFound", ("collection", c.Name));
        var resolution = _state.Catalog.GetIndexResolution(index);
        var indexMetric = resolution.MetricType ?? string.Empty;
        if (plan.RequestedMetric.Length > 0 && plan.RequestedMetric != indexMetric)
            // Verified text (querynode NewSearchRequest): merr.WrapErrParameterInvalid(metricTypeInPlan, metricType, "metric type not match").
            throw MilvusError.Of("ParameterInvalid", ("expected", indexMetric), ("actual", plan.RequestedMetric)).Wrap("metric type not match");
        var metric = Metrics.Parse(indexMetric)
            // unverified text
            ?? throw MilvusError.Of("MetricNotFound", ("metric", indexMetric));
        plan.CheckRange(metric);
        // Knowhere checks search params only on segments its index serves: sealed ones whose index is built.
        if (_state.Catalog.GetIndexProgress(index).IndexedRows > 0) SearchParamCheck.Check(resolution.Fact, plan, _state.NodeId);

        FieldSchema? bm25Input = null;
        double k1 = 1.2, b = 0.75;
        if (metric == Metric.Bm25)
        {
            var fn = c.Schema.Functions.FirstOrDefault(f => f.Type == FunctionType.Bm25 && f.OutputFieldNames.Contains(field.Name));
            if (fn is not null && c.FindField(fn.InputFieldNames.FirstOrDefault() ?? string.Empty) is { } text) bm25Input = text;
            if (double.TryParse(resolution.IndexParams["bm25_k1"], NumberStyles.Float, CultureInfo.InvariantCulture, out var k)) k1 = k;
            if (double.TryParse(resolution.IndexParams["bm25_b"], NumberStyles.Float, CultureInfo.InvariantCulture, out var bb)) b = bb;
        }
        // The query text goes through the input field's analyzer; with multi_analyzer_params, the one analyzer_name names.
        var queryAnalyzer = bm25Input is null ? null : Text.FieldAnalysis.For(bm25Input).Select(plan.AnalyzerName);
        var queries = QueryVectors.Parse(placeholderGroup, field, queryAnalyzer);
        return new SearchInput(plan, metric, queries, bm25Input, k1, b, ignoreGrowing);
    }

    /// <summary>Search's output fields: as Query translates them, but the primary key only when asked for (by name or <c>*</c>).</summary>
    private static OutputPlan TranslateSearchOutputs(CollectionEntry c, IEnumerable<string> requested)
    {
        var names = requested.Select(o => o.Trim()).Where(o => o.Length > 0).ToList();
        var plan = TranslateOutputFields(c, names);
        var pk = c.Schema.Fields.First(f => f.IsPrimaryKey);
        if (names.Contains(pk.Name) || names.Contains("*")) return plan;
        var fields = plan.Fields.Where(f => f != pk).ToList();
        var outNames = plan.Names.Where(n => n != pk.Name).ToList();
        return plan with { Fields = fields, Names = outNames };
    }

    private SearchResults SearchResponse(CollectionEntry c, string collectionName, long nq, long topK, List<Hit>[] perQuery,
        OutputPlan outputs, FieldSchema? groupBy, long candidates)
    {
        var pk = c.Schema.Fields.First(f => f.IsPrimaryKey);
        var hits = perQuery.SelectMany(h => h).ToList();
        var result = new SearchResultData
        {
            NumQueries = nq,
            TopK = topK,
            Ids = PrimaryKey.ToIds(hits.Select(h => h.Key).ToList(), pk.DataType),
        };
        result.Topks.AddRange(perQuery.Select(h => (long)h.Count));
        result.Scores.AddRange(hits.Select(h => h.Score));
        var version = _state.Catalog.Version;
        if (RpcAvailability.IsFieldAvailable("milvus.proto.schema.SearchResultData", "primary_field_name", version))
            result.PrimaryFieldName = pk.Name;
        if (RpcAvailability.IsFieldAvailable("milvus.proto.schema.SearchResultData", "all_search_count", version))
            result.AllSearchCount = candidates;

        var data = _state.Data.Of(c);
        data.Read(() =>
        {
            var rows = hits.Select(h => h.Row).ToList();
            result.FieldsData.AddRange(OutputColumns(outputs, rows));
            if (groupBy is not null)
            {
                var column = new OutputColumn(groupBy);
                var blank = Storage.Column.Create(groupBy);
                foreach (var r in rows)
                {
                    if (r.Segment.Find(groupBy.FieldID) is { } col) col.WriteTo(column, r.Row);
                    else blank.WriteNull(column);
                }
                result.GroupByFieldValue = column.Finish();
            }
            return 0;
        });
        result.OutputFields.AddRange(outputs.Names);
        return new SearchResults { Status = Ok(), Results = result, CollectionName = collectionName, SessionTs = _state.Tso.AllocOne() };
    }
}
