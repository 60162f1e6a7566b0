using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Search;

/// <summary>
/// Vector similarity search: one or many query vectors (from -Vector or the pipeline, sent in one request),
/// with filter, offset, search parameters, range search (-Radius/-RangeFilter) and grouping. Writes one
/// object per hit: query index, rank, id, distance, then the output fields. With -BatchSize, or a -Limit past
/// Milvus's 16384-hit window, one query vector's hits are paged through a search iterator.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MilvusSearch")]
[OutputType(typeof(MilvusSearchHit))]
public sealed class InvokeMilvusSearchCommand : SearchCmdletBase
{
    private readonly List<object> _vectors = [];

    /// <summary>Query vectors: numbers for one vector, or several arrays (hashtables for sparse, text for BM25).</summary>
    [Parameter(Position = 1)]
    public object[]? Vector { get; set; }

    /// <summary>Query vectors from the pipeline, one per item (wrap an array with the comma operator: ,@(0.1, 0.2)).</summary>
    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter]
    [Alias("Field")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string? AnnsField { get; set; }

    /// <summary>Hits per query vector. Up to 16384 in one call; more pages through a search iterator.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [Alias("TopK")]
    public int Limit { get; set; } = 10;

    /// <summary>Page through the hits with a search iterator, this many per call; without -Limit, every hit.</summary>
    [Parameter]
    [ValidateRange(1, 16384)]
    public int BatchSize { get; set; }

    [Parameter]
    [ValidateRange(0, 16383)]
    public int Offset { get; set; }

    [Parameter]
    [Alias("Expr", "Where")]
    public string? Filter { get; set; }

    /// <summary>Values for {name} placeholders in -Filter, e.g. -Filter 'id in {ids}' -FilterParameter @{ ids = 1, 2, 3 } (Milvus 2.4.16+).</summary>
    [Parameter]
    public System.Collections.Hashtable? FilterParameter { get; set; }

    /// <summary>Must match the field's index metric when given.</summary>
    [Parameter]
    public string? MetricType { get; set; }

    /// <summary>Search parameters such as @{ ef = 64 } or @{ nprobe = 16 }.</summary>
    [Parameter]
    public Hashtable? SearchParameter { get; set; }

    /// <summary>Range search: the outer bound.</summary>
    [Parameter]
    public double? Radius { get; set; }

    /// <summary>Range search: the inner bound.</summary>
    [Parameter]
    public double? RangeFilter { get; set; }

    /// <summary>Group hits by this scalar field (one best hit per value unless -GroupSize).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string? GroupBy { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    public int GroupSize { get; set; }

    [Parameter]
    public SwitchParameter StrictGroupSize { get; set; }

    [Parameter]
    [ValidateRange(-1, 6)]
    public int RoundDecimal { get; set; } = -1;

    protected override void ProcessRecord()
    {
        // A piped connection binds to -Connection too; it is not a query vector.
        if (InputObject is PSObject { BaseObject: Core.Connection.MilvusConnection } or Core.Connection.MilvusConnection) return;
        if (InputObject is not null) _vectors.Add(QueryVectors.From([InputObject]) is [var single] ? single : RowReader.Plain(InputObject)!);
    }

    protected override void EndProcessing()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        var search = new MilvusSearchRequest
        {
            AnnsField = AnnsField,
            Limit = Limit,
            Offset = Offset,
            Filter = Filter,
            MetricType = MetricType,
            GroupByField = GroupBy,
            GroupSize = MyInvocation.BoundParameters.ContainsKey(nameof(GroupSize)) ? GroupSize : null,
            StrictGroupSize = StrictGroupSize.IsPresent ? true : null,
            RoundDecimal = RoundDecimal,
        };
        if (Vector is not null) search.Vectors.AddRange(QueryVectors.From(Vector));
        search.Vectors.AddRange(_vectors);
        foreach (var (k, v) in Table(SearchParameter)) search.Parameters[k] = v;
        foreach (var (k, v) in RowReader.Templates(FilterParameter) ?? new Dictionary<string, object?>()) search.FilterParameters[k] = v;
        if (Radius is { } r) search.Parameters["radius"] = r;
        if (RangeFilter is { } f) search.Parameters["range_filter"] = f;
        try
        {
            // Past the window a search iterator pages, where one can: one query vector, no offset, grouping or range.
            var iterable = search.Vectors.Count == 1 && Offset == 0 && GroupBy is null && Radius is null && RangeFilter is null;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(BatchSize)) || ((long)Limit + Offset > Searches.ResultWindow && iterable)) Iterate(connection, database, search);
            else WriteHits(RunAsync(token => connection.SearchAsync(database, Collection, search, OutputField, Partition, RequestedConsistency, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Collection);
        }
    }

    private void Iterate(Core.Connection.MilvusConnection connection, string database, MilvusSearchRequest search)
    {
        long? limit = MyInvocation.BoundParameters.ContainsKey(nameof(Limit)) || !MyInvocation.BoundParameters.ContainsKey(nameof(BatchSize)) ? Limit : null;
        var batch = BatchSize > 0 ? BatchSize : 1000;
        var iterator = new MilvusSearchIterator(connection, database, Collection, search, batch, limit, OutputField, Partition, RequestedConsistency);
        while (RunAsync(iterator.NextAsync) is { Count: > 0 } page)
        {
            WriteHits(page);
            WriteProgress(new ProgressRecord(5, $"Searching {Collection}", $"{iterator.Returned} hits"));
        }
        WriteProgress(new ProgressRecord(5, $"Searching {Collection}", "Done") { RecordType = ProgressRecordType.Completed });
    }
}
