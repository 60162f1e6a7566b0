using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>A count of entities.</summary>
public sealed record MilvusEntityCount(string Collection, string? Filter, long Count);

/// <summary>Counts entities (count(*)), all or those matching a filter.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "MilvusEntity")]
[OutputType(typeof(MilvusEntityCount))]
public sealed class MeasureMilvusEntityCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    [Parameter(Position = 1)]
    [Alias("Expr", "Where")]
    public string? Filter { get; set; }

    /// <summary>Values for {name} placeholders in -Filter, e.g. -Filter 'id in {ids}' -FilterParameter @{ ids = 1, 2, 3 } (Milvus 2.4.16+).</summary>
    [Parameter]
    public System.Collections.Hashtable? FilterParameter { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Partition { get; set; }

    /// <summary>How fresh the count must be: Strong counts every acknowledged write; the default is the collection's level.</summary>
    [Parameter]
    public MilvusConsistencyLevel ConsistencyLevel { get; set; } = MilvusConsistencyLevel.Bounded;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        var level = MyInvocation.BoundParameters.ContainsKey(nameof(ConsistencyLevel)) ? ConsistencyLevel : (MilvusConsistencyLevel?)null;
        try
        {
            WriteObject(new MilvusEntityCount(Collection, Filter, RunAsync(token => connection.CountAsync(database, Collection, Filter, Partition, token, RowReader.Templates(FilterParameter), level))));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Collection);
        }
    }
}
