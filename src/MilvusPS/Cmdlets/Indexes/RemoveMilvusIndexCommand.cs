using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Indexes;

/// <summary>
/// Drops an index. Searches on a vector field fail until its index is rebuilt, and Milvus drops indexes only
/// of released collections: a loaded collection is an error unless -Force, which releases it first (and
/// says so); -Remount loads it again afterwards.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "MilvusIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
public sealed class RemoveMilvusIndexCommand : MilvusIndexCmdlet
{
    /// <summary>The index name (Get-MilvusIndex pipes it by property name).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("IndexName")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Drop without asking; release a loaded collection first.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Load the collection again after dropping (when -Force released it).</summary>
    [Parameter]
    public SwitchParameter Remount { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        var target = $"{Describe(connection, database, collection)}.{Name}";
        try
        {
            var index = RunAsync(token => connection.ListIndexesAsync(database, collection, token, indexName: Name)).Single();
            var described = RunAsync(token => connection.DescribeCollectionAsync(database, collection, token));
            var isVector = described.Schema.Fields.FirstOrDefault(f => f.Name == index.FieldName)?.IsVector ?? false;
            var state = RunAsync(token => connection.GetLoadStateAsync(database, collection, null, token));
            var loaded = state is MilvusLoadState.Loaded or MilvusLoadState.Loading;
            // Under -WhatIf the What-if line says what would happen instead of failing.
            if (loaded && !Force && !WhatIfRequested)
            {
                WriteMilvusError(new MilvusException($"Collection '{collection}' is loaded; Milvus drops indexes only of released collections. Release it with Dismount-MilvusCollection, or use -Force to release it first.",
                    MilvusErrorKind.InvalidState, "CollectionLoaded") { Operation = "DropIndex", Target = target }, target);
                return;
            }
            var consequence = isVector ? $"searches on '{index.FieldName}' fail until an index is built again" : $"filters on '{index.FieldName}' fall back to scanning";
            var release = !loaded ? string.Empty : Force ? "; the collection is released first" : "; refused: the collection is loaded (add -Force to release it first)";
            if (!ShouldChange(target, $"Drop {index.IndexType} index ({consequence}){release}", Force)) return;
            if (loaded)
            {
                WriteWarning($"Releasing the loaded collection {collection} before dropping index {Name}.");
                RunAsync(token => connection.ReleaseAsync(database, collection, null, token));
            }
            RunAsync(token => connection.DropIndexAsync(database, collection, index.FieldName, Name, token));
            if (Remount && loaded)
            {
                WriteVerbose($"Loading {collection} again.");
                RunAsync(token => connection.LoadAsync(database, collection, new LoadRequest(), token));
            }
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
        catch (InvalidOperationException)
        {
            WriteMilvusError(MilvusErrors.NotFound("DescribeIndex", target, "IndexNotFound", $"index not found[indexName={Name}]", 700), target);
        }
    }
}
