using System.Globalization;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Core.Schema;
using MilvusPS.Core.Data;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>What a query iterator reads: the filter, the fields, where, and how much per page.</summary>
public sealed class MilvusQueryIteratorOptions
{
    public string? Filter { get; init; }
    public IReadOnlyDictionary<string, object?>? FilterParameters { get; init; }

    /// <summary>Fields to return ("*" for all); the primary key is always added, the cursor needs it.</summary>
    public IReadOnlyList<string> OutputFields { get; init; } = ["*"];
    public IReadOnlyList<string>? Partitions { get; init; }

    /// <summary>Rows per page, at most 16384 (Milvus's result window).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Matches to skip first.</summary>
    public long Offset { get; init; }

    /// <summary>Matches to return in all; null for every match.</summary>
    public long? Limit { get; init; }
    public MilvusConsistencyLevel? Consistency { get; init; }
}

/// <summary>
/// Reads every match of a filter in primary-key order, page by page, past Milvus's 16384-row result window.
/// Each page asks for keys after the last one seen (<c>pk &gt; last</c>), with the <c>iterator</c> and
/// <c>reduce_stop_for_best</c> query params Milvus's SDKs send, so the server returns the smallest keys first
/// and stops reducing once it has a page; no row is read twice. Rows written while iterating may or may not be seen.
/// </summary>
public sealed class MilvusQueryIterator
{
    public const int MaxBatchSize = 16384;

    private readonly MilvusConnection _connection;
    private readonly string _database;
    private readonly string _collection;
    private readonly MilvusField _primaryKey;
    private readonly MilvusQueryIteratorOptions _options;
    private readonly IReadOnlyList<string> _outputFields;
    private object? _lastKey;
    private long _toSkip;
    private bool _exhausted;

    public MilvusQueryIterator(MilvusConnection connection, string? database, string collection, MilvusField primaryKey, MilvusQueryIteratorOptions options)
    {
        if (options.BatchSize is < 1 or > MaxBatchSize)
            throw MilvusErrors.Invalid("Query", collection, $"The batch size must be between 1 and {MaxBatchSize}; it was {options.BatchSize}.", "BatchSizeInvalid");
        if (options.Offset < 0 || options.Limit < 0)
            throw MilvusErrors.Invalid("Query", collection, "Offset and limit cannot be negative.", "QueryWindowInvalid");
        _connection = connection;
        _database = database ?? connection.Database;
        _collection = collection;
        _primaryKey = primaryKey;
        _options = options;
        _outputFields = options.OutputFields.Contains(primaryKey.Name) || options.OutputFields.Contains("*") ? options.OutputFields : [.. options.OutputFields, primaryKey.Name];
        _toSkip = options.Offset;
    }

    /// <summary>Rows returned so far.</summary>
    public long Returned { get; private set; }

    /// <summary>The next page (up to BatchSize rows, ordered by primary key), or an empty list at the end.</summary>
    public async Task<IReadOnlyList<Dictionary<string, object?>>> NextAsync(CancellationToken ct)
    {
        while (!_exhausted)
        {
            var left = _options.Limit is { } limit ? limit - Returned : long.MaxValue;
            if (left <= 0) break;
            // Skipping an offset reads whole pages (Milvus's window caps a single offset+limit at 16384).
            var page = await ReadPageAsync(ct).ConfigureAwait(false);
            if (page.Count < _options.BatchSize) _exhausted = true;
            if (page.Count == 0) break;
            _lastKey = page[^1][_primaryKey.Name];
            var skip = (int)Math.Min(_toSkip, page.Count);
            _toSkip -= skip;
            var take = page.Skip(skip).Take((int)Math.Min(left, int.MaxValue)).ToList();
            if (take.Count == 0) continue;
            Returned += take.Count;
            return take;
        }
        _exhausted = true;
        return [];
    }

    private async Task<List<Dictionary<string, object?>>> ReadPageAsync(CancellationToken ct)
    {
        var request = new QueryRequest { DbName = _database, CollectionName = _collection, Expr = NextFilter() };
        Entities.AddTemplates(_connection, request.ExprTemplateValues, _options.FilterParameters, "Query", _collection);
        request.OutputFields.AddRange(_outputFields);
        if (_options.Partitions is not null) request.PartitionNames.AddRange(_options.Partitions);
        Add(request, "limit", _options.BatchSize.ToString(CultureInfo.InvariantCulture));
        Add(request, "iterator", "True");
        Add(request, "reduce_stop_for_best", "True");
        if (_options.Consistency is { } level) request.ConsistencyLevel = (ConsistencyLevel)(int)level;
        else request.UseDefaultConsistency = true;
        var r = await _connection.CallAsync("Query", _collection, (s, o) => s.QueryAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        // Ordered here too: the cursor is only sound over a key-ordered page, whatever the server did.
        return FieldDataReader.ToRows(r.FieldsData, _outputFields.ToList()).OrderBy(row => row[_primaryKey.Name], KeyOrder.Instance).ToList();
    }

    private string NextFilter()
    {
        var cursor = _lastKey is null ? null : $"{_primaryKey.Name} > {Entities.KeyLiteral(_primaryKey, _lastKey)}";
        return (_options.Filter, cursor) switch
        {
            (null or "", null) => string.Empty,
            (null or "", _) => cursor,
            (_, null) => _options.Filter,
            _ => $"({_options.Filter}) and {cursor}",
        };
    }

    private static void Add(QueryRequest request, string key, string value) =>
        request.QueryParams.Add(new Protocol.KeyValuePair { Key = key, Value = value });

    /// <summary>Primary keys in Milvus's order: Int64 numerically, VarChar by bytes.</summary>
    private sealed class KeyOrder : IComparer<object?>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (long a, long b) => a.CompareTo(b),
            (string a, string b) => System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b)),
            _ => Comparer<object?>.Default.Compare(x, y),
        };
    }
}
