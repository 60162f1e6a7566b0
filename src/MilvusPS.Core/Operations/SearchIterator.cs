using System.Globalization;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>
/// Pages through the hits of one query vector, best first, past Milvus's 16384 top-k limit.
/// On Milvus 2.5+ the server keeps the position: the first page returns a token and the last hit's score
/// (<c>search_iter_v2</c>), and each next page sends both back, pinned to the first page's timestamp.
/// Older servers page with range search instead (what Milvus's SDKs call iterator v1): each page asks for hits no
/// closer than the last page's last score, leaves out the keys already returned at exactly that score, and widens
/// the band until it has a full page or nothing is left.
/// </summary>
public sealed class MilvusSearchIterator
{
    /// <summary>Band widenings tried before a short page is taken as the end (as Milvus's SDKs do).</summary>
    private const int MaxWidenings = 20;

    private readonly MilvusConnection _connection;
    private readonly string _database;
    private readonly string _collection;
    private readonly MilvusSearchRequest _search;
    private readonly int _batchSize;
    private readonly long? _limit;
    private readonly IReadOnlyList<string>? _outputFields;
    private readonly IReadOnlyList<string>? _partitions;
    private readonly MilvusConsistencyLevel? _consistency;
    private readonly HashSet<object> _seenAtBound = [];
    private MilvusCollection? _described;
    private bool? _largerIsCloser;
    private string? _token;
    private float? _bound;
    private ulong _sessionTs;
    private float _width;
    private bool _exhausted;

    public MilvusSearchIterator(MilvusConnection connection, string? database, string collection, MilvusSearchRequest search, int batchSize, long? limit,
        IReadOnlyList<string>? outputFields, IReadOnlyList<string>? partitions, MilvusConsistencyLevel? consistency)
    {
        if (search.Vectors.Count != 1)
            throw MilvusErrors.Invalid("Search", collection, $"A search iterator takes exactly one query vector; {search.Vectors.Count} were given.", "SearchIteratorInvalid");
        if (search.Offset > 0)
            throw MilvusErrors.Invalid("Search", collection, "A search iterator cannot skip an offset; leave -Offset out.", "SearchIteratorInvalid");
        if (search.GroupByField is not null)
            throw MilvusErrors.Invalid("Search", collection, "A search iterator cannot group hits; leave -GroupBy out.", "SearchIteratorInvalid");
        if (search.Parameters.ContainsKey("radius") || search.Parameters.ContainsKey("range_filter"))
            throw MilvusErrors.Invalid("Search", collection, "A search iterator pages by distance itself; leave -Radius and -RangeFilter out.", "SearchIteratorInvalid");
        if (batchSize is < 1 or > MilvusQueryIterator.MaxBatchSize)
            throw MilvusErrors.Invalid("Search", collection, $"The batch size must be between 1 and {MilvusQueryIterator.MaxBatchSize}; it was {batchSize}.", "BatchSizeInvalid");
        _connection = connection;
        _database = database ?? connection.Database;
        _collection = collection;
        _search = search;
        _batchSize = batchSize;
        _limit = limit;
        _outputFields = outputFields;
        _partitions = partitions;
        _consistency = consistency;
    }

    /// <summary>Hits returned so far.</summary>
    public long Returned { get; private set; }

    /// <summary>The next page of hits (ranks continue across pages), or an empty list at the end.</summary>
    public async Task<IReadOnlyList<MilvusSearchHit>> NextAsync(CancellationToken ct)
    {
        var left = _limit is { } limit ? limit - Returned : long.MaxValue;
        if (_exhausted || left <= 0) return [];
        _described ??= await _connection.DescribeCollectionAsync(_database, _collection, ct).ConfigureAwait(false);
        var page = _connection.Capabilities.Supports("SearchIteratorV2") ? await NextV2Async(ct).ConfigureAwait(false) : await NextV1Async(ct).ConfigureAwait(false);
        // Keys already returned at the bound are dropped, whichever way the server treats ties.
        var fresh = page.Where(h => !(h.Distance == _bound && _seenAtBound.Contains(h.Id))).Take((int)Math.Min(left, int.MaxValue)).ToList();
        if (fresh.Count == 0)
        {
            _exhausted = true;
            return [];
        }
        var last = fresh[^1].Distance;
        if (last != _bound) _seenAtBound.Clear();
        foreach (var h in fresh)
            if (h.Distance == last) _seenAtBound.Add(h.Id);
        _bound = last;
        var ranked = fresh.Select((h, i) => new MilvusSearchHit
        {
            QueryIndex = 0,
            Rank = (int)Math.Min(int.MaxValue, Returned + i + 1),
            Id = h.Id,
            Distance = h.Distance,
            Fields = h.Fields,
            GroupValue = h.GroupValue,
        }).ToList();
        Returned += ranked.Count;
        return ranked;
    }

    private async Task<IReadOnlyList<MilvusSearchHit>> NextV2Async(CancellationToken ct)
    {
        var request = NewRequest(_batchSize);
        Searches.Add(request.SearchParams, "search_iter_v2", "True");
        Searches.Add(request.SearchParams, "search_iter_batch_size", _batchSize.ToString(CultureInfo.InvariantCulture));
        if (_token is not null) Searches.Add(request.SearchParams, "search_iter_id", _token);
        if (_bound is { } bound) Searches.Add(request.SearchParams, "search_iter_last_bound", bound.ToString("R", CultureInfo.InvariantCulture));
        // Later pages read the data as of the first page, so rows written meanwhile don't shift the order.
        if (_sessionTs > 0) request.GuaranteeTimestamp = _sessionTs;
        var r = await CallAsync(request, ct).ConfigureAwait(false);
        if (_token is null)
        {
            _token = r.Results?.SearchIteratorV2Results?.Token;
            if (string.IsNullOrEmpty(_token))
                throw MilvusErrors.Invalid("Search", _collection, "The server did not return a search iterator token although its version should support search iterator v2.", "SearchIteratorUnsupported");
            _sessionTs = r.SessionTs;
        }
        var hits = Searches.Hits(r.Results, _outputFields);
        if (hits.Count < _batchSize) _exhausted = true;
        return hits;
    }

    private async Task<IReadOnlyList<MilvusSearchHit>> NextV1Async(CancellationToken ct)
    {
        if (_bound is not { } bound)
        {
            var first = Searches.Hits((await CallAsync(NewRequest(_batchSize), ct).ConfigureAwait(false)).Results, _outputFields);
            if (first.Count > 0) _width = Math.Abs(first[^1].Distance - first[0].Distance);
            if (_width == 0) _width = 0.05f;
            if (first.Count < _batchSize) _exhausted = true;
            return first;
        }
        var closerIsLarger = _largerIsCloser ??= await LargerIsCloserAsync(ct).ConfigureAwait(false);
        var width = _width;
        IReadOnlyList<MilvusSearchHit> hits = [];
        for (var attempt = 0; attempt <= MaxWidenings; attempt++)
        {
            // The last try takes everything beyond the bound, so a sparse tail is never cut off.
            var radius = attempt == MaxWidenings ? (closerIsLarger ? -float.MaxValue : float.MaxValue) : closerIsLarger ? bound - width : bound + width;
            var request = NewRequest(_batchSize, ExcludeSeenAtBound(), new Dictionary<string, object?> { ["radius"] = (double)radius, ["range_filter"] = (double)bound });
            hits = Searches.Hits((await CallAsync(request, ct).ConfigureAwait(false)).Results, _outputFields);
            if (hits.Count >= _batchSize) break;
            width *= 2;
        }
        _width = Math.Max(_width, width / 2);
        if (hits.Count < _batchSize) _exhausted = true;
        return hits;
    }

    private SearchRequest NewRequest(int topK, string? extraFilter = null, IReadOnlyDictionary<string, object?>? extraParameters = null)
    {
        var search = new MilvusSearchRequest
        {
            AnnsField = _search.AnnsField,
            Limit = topK,
            Filter = (_search.Filter, extraFilter) switch
            {
                (null or "", null) => null,
                (null or "", _) => extraFilter,
                (_, null) => _search.Filter,
                _ => $"({_search.Filter}) and {extraFilter}",
            },
            MetricType = _search.MetricType,
            RoundDecimal = _search.RoundDecimal,
        };
        search.Vectors.AddRange(_search.Vectors);
        foreach (var (k, v) in _search.Parameters) search.Parameters[k] = v;
        foreach (var (k, v) in extraParameters ?? new Dictionary<string, object?>()) search.Parameters[k] = v;
        foreach (var (k, v) in _search.FilterParameters) search.FilterParameters[k] = v;
        var request = Searches.BuildRequest(_described!, search);
        Entities.AddTemplates(_connection, request.ExprTemplateValues, search.FilterParameters, "Search", _collection);
        request.DbName = _database;
        request.CollectionName = _collection;
        if (_outputFields is not null) request.OutputFields.AddRange(_outputFields);
        if (_partitions is not null) request.PartitionNames.AddRange(_partitions);
        Searches.SetConsistency(request, _consistency);
        Searches.Add(request.SearchParams, "iterator", "True");
        return request;
    }

    private Task<SearchResults> CallAsync(SearchRequest request, CancellationToken ct) =>
        _connection.CallAsync("Search", _collection, (s, o) => s.SearchAsync(request, o), x => x.Status, Idempotency.Idempotent, ct);

    /// <summary>Range search cannot tell apart hits at exactly the bound, so those already returned are filtered out by key.</summary>
    private string? ExcludeSeenAtBound()
    {
        if (_seenAtBound.Count == 0) return null;
        var pk = _described!.Schema.PrimaryKey!;
        return $"{pk.Name} not in [{string.Join(", ", _seenAtBound.Select(id => Entities.KeyLiteral(pk, id)))}]";
    }

    /// <summary>Whether a larger score is closer (IP, COSINE, BM25) for the searched field: from -MetricType, else from its index.</summary>
    private async Task<bool> LargerIsCloserAsync(CancellationToken ct)
    {
        var metric = _search.MetricType;
        if (string.IsNullOrEmpty(metric))
        {
            var field = _search.AnnsField ?? _described!.Schema.Fields.Single(f => f.IsVector).Name;
            var indexes = await _connection.ListIndexesAsync(_database, _collection, ct, fieldName: field).ConfigureAwait(false);
            metric = indexes.FirstOrDefault()?.MetricType;
        }
        return (metric ?? string.Empty).ToUpperInvariant() switch
        {
            "IP" or "COSINE" or "BM25" => true,
            "L2" or "HAMMING" or "JACCARD" or "TANIMOTO" or "SUBSTRUCTURE" or "SUPERSTRUCTURE" => false,
            _ => throw MilvusErrors.Invalid("Search", _collection, $"The search iterator cannot page by metric '{metric}'; give -MetricType.", "SearchIteratorInvalid"),
        };
    }
}
