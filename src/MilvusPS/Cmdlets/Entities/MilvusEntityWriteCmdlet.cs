using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>What Add-/Set-/Import-MilvusEntity report: rows written and rejected, batches, the keys written (Add/Set) or the files read (Import).</summary>
public sealed class MilvusWriteSummary
{
    public required string Collection { get; init; }
    public required string Operation { get; init; }
    public long Written { get; set; }
    public long Rejected { get; set; }
    public int Batches { get; set; }
    public List<object> Ids { get; } = [];
    public List<string> Files { get; } = [];
}

/// <summary>One row's key, for -PassThru; Location says where in a file the row was (Import-MilvusEntity).</summary>
public sealed record MilvusWrittenEntity(long Row, object Id)
{
    public string? Location { get; init; }
}

/// <summary>
/// The shared body of the cmdlets that write entities: rows (from the pipeline for Add-/Set-MilvusEntity,
/// from files for Import-MilvusEntity) are checked against the schema one by one (a bad row is a
/// non-terminating EntityInvalid naming the row and field), batched by row count and encoded size, one
/// ShouldProcess per batch, with progress. Where the rows come from is the subclass's business.
/// </summary>
public abstract class MilvusEntityWriteCmdlet : MilvusConnectedCmdlet
{
    private MilvusConnection? _connection;
    private string _database = string.Empty;
    private MilvusCollectionSchema? _schema;
    private EntityBatchBuilder? _batch;
    private readonly List<(long Row, string? Location)> _batchRows = [];
    private MilvusWriteSummary? _summary;

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("CollectionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

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

    /// <summary>Whether the summary keeps every key written (an import of millions of rows does not).</summary>
    protected virtual bool KeepIds => true;

    protected abstract Task<MilvusMutation> SendAsync(MilvusConnection connection, string database, EntityBatchBuilder batch, CancellationToken ct);

    /// <summary>The target collection's schema (read in BeginProcessing).</summary>
    protected MilvusCollectionSchema Schema => _schema!;

    protected MilvusWriteSummary Summary => _summary!;

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

    /// <summary>Checks a row without keeping it (the first pass of -Atomic).</summary>
    protected RowProblem? Check(IReadOnlyDictionary<string, object?> row, long number) => NewBatch().TryAdd(row, number);

    /// <summary>Adds a row to the batch, or reports why it cannot go; sends the batch when it is full.</summary>
    protected void Write(IReadOnlyDictionary<string, object?> row, long number, string? location = null)
    {
        // A partial update sends one set of fields per request: a row with other fields closes the batch.
        if (!_batch!.FitsFieldSet(row)) Send();
        var problem = _batch!.TryAdd(row, number);
        if (problem is not null)
        {
            Reject(problem with { Location = location });
            return;
        }
        _batchRows.Add((number, location));
        if (_batch.Count >= BatchSize || _batch.EstimatedBytes >= MaxBatchBytes) Send();
    }

    /// <summary>A row that cannot go: a non-terminating EntityInvalid naming it, the row goes on the rejected count.</summary>
    protected void Reject(RowProblem problem)
    {
        _summary!.Rejected++;
        WriteError(new ErrorRecord(new ArgumentException(problem.ToString()), "EntityInvalid", ErrorCategory.InvalidData, problem));
    }

    /// <summary>-Atomic found bad rows: nothing is sent, and the command ends saying which.</summary>
    protected void ThrowAtomic(IReadOnlyCollection<RowProblem> problems, long bad, long rows)
    {
        var message = $"{bad} of {rows} rows are not valid, so nothing was sent (-Atomic):{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Take(20));
        ThrowError(new ArgumentException(message), "EntityBatchInvalid", ErrorCategory.InvalidData, Collection);
    }

    /// <summary>Sends what is left and writes the summary (unless -PassThru or -WhatIf: then the keys or the What-if lines are the answer).</summary>
    protected void Complete()
    {
        Send();
        if (!PassThru && !WhatIfRequested) WriteObject(_summary);
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
            if (KeepIds) _summary.Ids.AddRange(result.Ids);
            if (PassThru)
                for (var i = 0; i < rows.Count && i < result.Ids.Count; i++)
                    WriteObject(new MilvusWrittenEntity(rows[i].Row, result.Ids[i]) { Location = rows[i].Location });
        }
        catch (MilvusException e)
        {
            // The batch failed as a whole; earlier batches stay written, and the summary says how many.
            _summary.Rejected += batch.Count;
            WriteMilvusError(e, _summary.Collection);
        }
    }
}

/// <summary>Add-/Set-MilvusEntity: rows from the pipeline or -InputObject (hashtables, PSCustomObjects, any object).</summary>
public abstract class MilvusEntityPipelineCmdlet : MilvusEntityWriteCmdlet
{
    private readonly List<RowProblem> _problems = [];
    private readonly List<Dictionary<string, object?>> _heldForAtomic = [];
    private long _row;

    /// <summary>Rows: hashtables, PSCustomObjects or any objects whose properties are the fields.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public object[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var input in InputObject)
        {
            if (input is null) continue;
            var row = RowReader.ToRow(input);
            var number = _row++;
            if (Atomic)
            {
                // Pipeline input cannot be read twice: -Atomic holds the rows until every one is checked.
                var problem = Check(row, number);
                if (problem is null) _heldForAtomic.Add(row);
                else _problems.Add(problem);
                continue;
            }
            Write(row, number);
        }
    }

    protected override void EndProcessing()
    {
        if (Atomic)
        {
            if (_problems.Count > 0) ThrowAtomic(_problems, _problems.Count, _row);
            for (var i = 0; i < _heldForAtomic.Count; i++) Write(_heldForAtomic[i], i);
        }
        Complete();
    }
}
