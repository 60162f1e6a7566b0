using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>What Add-/Set-MilvusEntity report: rows written and rejected, batches, and the keys written.</summary>
public sealed class MilvusWriteSummary
{
    public required string Collection { get; init; }
    public required string Operation { get; init; }
    public long Written { get; set; }
    public long Rejected { get; set; }
    public int Batches { get; set; }
    public List<object> Ids { get; } = [];
}

/// <summary>One row's key, for -PassThru.</summary>
public sealed record MilvusWrittenEntity(long Row, object Id);

/// <summary>
/// The shared body of Add-MilvusEntity (insert) and Set-MilvusEntity (upsert): rows from the pipeline or
/// -InputObject are checked against the schema one by one (a bad row is a non-terminating error naming the
/// row and field; with -Atomic nothing is sent unless every row is good), batched by row count and encoded
/// size, one ShouldProcess per batch, with progress.
/// </summary>
public abstract class MilvusEntityWriteCmdlet : MilvusConnectedCmdlet
{
    private MilvusConnection? _connection;
    private string _database = string.Empty;
    private MilvusCollectionSchema? _schema;
    private EntityBatchBuilder? _batch;
    private readonly List<(long Row, int BatchIndex)> _batchRows = [];
    private readonly List<RowProblem> _problems = [];
    private readonly List<Dictionary<string, object?>> _heldForAtomic = [];
    private long _row;
    private MilvusWriteSummary? _summary;

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("CollectionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    /// <summary>Rows: hashtables, PSCustomObjects or any objects whose properties are the fields.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public object[] InputObject { get; set; } = [];

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string? Partition { get; set; }

    /// <summary>Rows per request.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Encoded bytes per request at most (under the server's message limit, 64 MB by default).</summary>
    [Parameter]
    [ValidateRange(1024, 512L * 1024 * 1024)]
    public long MaxBatchBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Send nothing unless every row is valid.</summary>
    [Parameter]
    public SwitchParameter Atomic { get; set; }

    /// <summary>Write each row's key (row number and id) instead of the summary.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected abstract bool IsUpsert { get; }
    protected abstract string OperationName { get; }

    /// <summary>Partial upsert (Set-MilvusEntity -Partial).</summary>
    protected virtual bool IsPartial => false;

    protected abstract Task<MilvusMutation> SendAsync(MilvusConnection connection, string database, EntityBatchBuilder batch, CancellationToken ct);

    private EntityBatchBuilder NewBatch() => new(_schema!, IsUpsert, IsPartial);

    protected override void BeginProcessing()
    {
        _connection = ResolveConnection();
        _database = string.IsNullOrEmpty(Database) ? _connection.Database : Database!;
        try
        {
            var described = RunAsync(token => _connection.DescribeCollectionAsync(_database, Collection, token));
            _schema = described.Schema;
            _summary = new MilvusWriteSummary { Collection = described.Name, Operation = OperationName };
            _batch = NewBatch();
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, Collection);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var input in InputObject)
        {
            if (input is null) continue;
            var row = RowReader.ToRow(input);
            var number = _row++;
            if (Atomic)
            {
                var problem = NewBatch().TryAdd(row, number);
                if (problem is null) _heldForAtomic.Add(row);
                else _problems.Add(problem);
                continue;
            }
            Add(row, number);
        }
    }

    protected override void EndProcessing()
    {
        if (Atomic)
        {
            if (_problems.Count > 0)
            {
                var message = $"{_problems.Count} of {_row} rows are not valid, so nothing was sent (-Atomic):{Environment.NewLine}" + string.Join(Environment.NewLine, _problems.Take(20));
                ThrowError(new ArgumentException(message), "EntityBatchInvalid", ErrorCategory.InvalidData, Collection);
            }
            for (var i = 0; i < _heldForAtomic.Count; i++) Add(_heldForAtomic[i], i);
        }
        Send();
        // Under -WhatIf nothing was written: the What-if lines are the answer.
        if (!PassThru && !WhatIfRequested) WriteObject(_summary);
    }

    private void Add(Dictionary<string, object?> row, long number)
    {
        // A partial update sends one set of fields per request: a row with other fields closes the batch.
        if (!_batch!.FitsFieldSet(row)) Send();
        var problem = _batch!.TryAdd(row, number);
        if (problem is not null)
        {
            _summary!.Rejected++;
            WriteError(new ErrorRecord(new ArgumentException(problem.ToString()), "EntityInvalid", ErrorCategory.InvalidData, problem));
            return;
        }
        _batchRows.Add((number, _batchRows.Count));
        if (_batch.Count >= BatchSize || _batch.EstimatedBytes >= MaxBatchBytes) Send();
    }

    private void Send()
    {
        if (_batch is null || _batch.Count == 0) return;
        var batch = _batch;
        var rows = _batchRows.ToList();
        _batch = NewBatch();
        _batchRows.Clear();
        if (!ShouldProcess(_summary!.Collection, $"{OperationName} {batch.Count} {(batch.Count == 1 ? "entity" : "entities")}")) return;
        try
        {
            WriteProgress(new ProgressRecord(3, $"{OperationName} into {_summary.Collection}", $"{_summary.Written} written; sending {batch.Count} more"));
            var result = RunAsync(token => SendAsync(_connection!, _database, batch, token));
            _summary.Batches++;
            _summary.Written += IsUpsert ? result.UpsertCount : result.InsertCount;
            _summary.Ids.AddRange(result.Ids);
            if (PassThru)
                for (var i = 0; i < rows.Count && i < result.Ids.Count; i++) WriteObject(new MilvusWrittenEntity(rows[i].Row, result.Ids[i]));
        }
        catch (MilvusException e)
        {
            // The batch failed as a whole; earlier batches stay written, and the summary says how many.
            _summary.Rejected += batch.Count;
            WriteMilvusError(e, _summary.Collection);
        }
    }
}
