using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>
/// Reads entities by primary key (-Id), by filter (-Filter with -Limit/-Offset), or all of them through a
/// query iterator that pages past Milvus's 16384-row result window. Each entity is one object whose
/// properties are the output fields (dynamic fields included).
/// </summary>
[Cmdlet(VerbsCommon.Get, "MilvusEntity", DefaultParameterSetName = FilterSet)]
[OutputType(typeof(PSObject))]
public sealed class GetMilvusEntityCommand : MilvusConnectedCmdlet
{
    private const string IdSet = "Id";
    private const string FilterSet = "Filter";
    private const int Window = 16384;
    private readonly List<object> _ids = [];

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    /// <summary>Primary keys (entities piped in bind by their key property).</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Pk", "PrimaryKey")]
    public object[] Id { get; set; } = [];

    /// <summary>A Milvus filter expression, e.g. <c>year &gt; 2020 and tag in ["a", "b"]</c>.</summary>
    [Parameter(Position = 1, ParameterSetName = FilterSet)]
    [Alias("Expr", "Where")]
    public string? Filter { get; set; }

    /// <summary>Values for {name} placeholders in -Filter, e.g. -Filter 'id in {ids}' -FilterParameter @{ ids = 1, 2, 3 } (Milvus 2.4.16+).</summary>
    [Parameter(ParameterSetName = FilterSet)]
    public System.Collections.Hashtable? FilterParameter { get; set; }

    /// <summary>At most this many entities; without it, every match. Past the 16384-row window (with -Offset) it pages.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Limit { get; set; }

    [Parameter(ParameterSetName = FilterSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Offset { get; set; }

    /// <summary>Fields to return; "*" for all (the default), dynamic field names too.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string[] OutputField { get; set; } = ["*"];

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Partition { get; set; }

    [Parameter]
    public MilvusConsistencyLevel ConsistencyLevel { get; set; } = MilvusConsistencyLevel.Bounded;

    /// <summary>Page size when reading every match.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    [ValidateRange(1, Window)]
    public int BatchSize { get; set; } = 1000;

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected override void ProcessRecord()
    {
        // Raw items are kept: which property holds the key is known only once the schema is read.
        if (ParameterSetName == IdSet) _ids.AddRange(Id.Where(i => i is not null));
    }

    protected override void EndProcessing()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        var level = MyInvocation.BoundParameters.ContainsKey(nameof(ConsistencyLevel)) ? ConsistencyLevel : (MilvusConsistencyLevel?)null;
        try
        {
            var described = RunAsync(token => connection.DescribeCollectionAsync(database, Collection, token));
            var pk = described.Schema.PrimaryKey ?? throw MilvusErrors.Invalid("Query", Collection, "The collection has no primary key.");
            if (ParameterSetName == IdSet)
            {
                foreach (var chunk in _ids.Select(i => RowReader.KeyOf(i, pk.Name)).Distinct().Chunk(Window))
                    Write(RunAsync(token => connection.QueryAsync(database, Collection, Core.Operations.Entities.IdFilter(pk, chunk), OutputField, Partition, null, null, level, token)), pk);
                return;
            }
            if (Limit > 0 && (long)Limit + Offset <= Window)
            {
                Write(RunAsync(token => connection.QueryAsync(database, Collection, Filter ?? string.Empty, OutputField, Partition, Limit, Offset, level, token, RowReader.Templates(FilterParameter))), pk);
                return;
            }
            ReadAll(connection, database, pk, level);
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Collection);
        }
        catch (Exception e) when (e is Core.Data.EntityValueException or ArgumentException)
        {
            WriteError(new ErrorRecord(e, "EntityIdInvalid", ErrorCategory.InvalidArgument, Collection));
        }
    }

    /// <summary>Every match through the core's query iterator (primary-key cursor), so it goes past the 16384-row window.</summary>
    private void ReadAll(Core.Connection.MilvusConnection connection, string database, MilvusField pk, MilvusConsistencyLevel? level)
    {
        var iterator = new MilvusQueryIterator(connection, database, Collection, pk, new MilvusQueryIteratorOptions
        {
            Filter = Filter,
            FilterParameters = RowReader.Templates(FilterParameter),
            OutputFields = OutputField,
            Partitions = Partition,
            BatchSize = BatchSize,
            Offset = Offset,
            Limit = Limit > 0 ? Limit : null,
            Consistency = level,
        });
        while (RunAsync(iterator.NextAsync) is { Count: > 0 } page)
        {
            Write(page, pk);
            WriteProgress(new ProgressRecord(4, $"Reading {Collection}", $"{iterator.Returned} entities read"));
        }
        WriteProgress(new ProgressRecord(4, $"Reading {Collection}", "Done") { RecordType = ProgressRecordType.Completed });
    }

    private void Write(IEnumerable<Dictionary<string, object?>> rows, MilvusField pk)
    {
        foreach (var row in rows) WriteObject(EntityObjects.ToPSObject(row, pk.Name));
    }
}

/// <summary>Entities as PowerShell objects: the primary key first, then the other fields in the server's order.</summary>
internal static class EntityObjects
{
    public static PSObject ToPSObject(Dictionary<string, object?> row, string primaryKey)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, "MilvusPS.Entity");
        if (row.TryGetValue(primaryKey, out var key)) o.Properties.Add(new PSNoteProperty(primaryKey, key));
        foreach (var (name, value) in row)
            if (name != primaryKey) o.Properties.Add(new PSNoteProperty(name, value is System.Text.Json.JsonElement j ? RowReader.FromJson(j) : value));
        return o;
    }
}
