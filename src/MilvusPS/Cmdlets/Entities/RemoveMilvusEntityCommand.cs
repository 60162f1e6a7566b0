using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>
/// Deletes entities by primary key (piped entities bind by their key) or by filter. Deleted data is gone
/// for good: High impact, and a filter gets a second question unless -Force.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "MilvusEntity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = IdSet)]
[OutputType(typeof(MilvusMutation))]
public sealed class RemoveMilvusEntityCommand : MilvusConnectedCmdlet
{
    private const string IdSet = "Id";
    private const string FilterSet = "Filter";
    private const int IdsPerCall = 10000;
    private readonly List<object> _ids = [];

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Pk", "PrimaryKey")]
    public object[] Id { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
    [Alias("Expr", "Where")]
    [ValidateNotNullOrEmpty]
    public string Filter { get; set; } = string.Empty;

    /// <summary>Values for {name} placeholders in -Filter, e.g. -Filter 'id in {ids}' -FilterParameter @{ ids = 1, 2, 3 } (Milvus 2.4.16+).</summary>
    [Parameter(ParameterSetName = FilterSet)]
    public System.Collections.Hashtable? FilterParameter { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string? Partition { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        // Raw items are kept: which property holds the key is known only once the schema is read.
        if (ParameterSetName == IdSet) _ids.AddRange(Id.Where(i => i is not null));
    }

    protected override void EndProcessing()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        try
        {
            if (ParameterSetName == FilterSet)
            {
                var matches = RunAsync(token => connection.CountAsync(database, Collection, Filter, Partition is null ? null : [Partition], token, RowReader.Templates(FilterParameter)));
                if (!ShouldChange(Collection, $"Delete the {matches} {(matches == 1 ? "entity" : "entities")} matching '{Filter}'", Force)) return;
                if (!ShouldContinueDangerous($"Delete every entity of '{Collection}' that matches '{Filter}' ({matches} now)? Deleted entities cannot be recovered.", "Delete by filter", Force)) return;
                WriteObject(RunAsync(token => connection.DeleteAsync(database, Collection, Partition, Filter, token, RowReader.Templates(FilterParameter))));
                return;
            }
            var described = RunAsync(token => connection.DescribeCollectionAsync(database, Collection, token));
            var pk = described.Schema.PrimaryKey ?? throw MilvusErrors.Invalid("Delete", Collection, "The collection has no primary key.");
            long deleted = 0;
            foreach (var chunk in _ids.Select(i => RowReader.KeyOf(i, pk.Name)).Distinct().Chunk(IdsPerCall))
            {
                if (!ShouldChange(Collection, $"Delete {chunk.Length} {(chunk.Length == 1 ? "entity" : "entities")} by primary key", Force)) continue;
                deleted += RunAsync(token => connection.DeleteAsync(database, Collection, Partition, Core.Operations.Entities.IdFilter(pk, chunk), token)).DeleteCount;
            }
            if (_ids.Count > 0 && !WhatIfRequested) WriteObject(new MilvusMutation { Collection = Collection, DeleteCount = deleted });
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
}
