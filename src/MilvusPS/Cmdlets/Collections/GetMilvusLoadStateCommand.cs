using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Gets whether a collection (or partitions) is loaded, loading or not loaded, and the loading progress.</summary>
[Cmdlet(VerbsCommon.Get, "MilvusLoadState", DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusLoadStatus))]
public sealed class GetMilvusLoadStateCommand : MilvusCollectionCmdlet
{
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Partition { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        try
        {
            WriteObject(RunAsync(async token =>
            {
                var state = await connection.GetLoadStateAsync(database, name, Partition, token).ConfigureAwait(false);
                var progress = state is MilvusLoadState.Loading or MilvusLoadState.Loaded
                    ? (await connection.GetLoadingProgressAsync(database, name, Partition, token).ConfigureAwait(false)).Progress
                    : 0;
                return new MilvusLoadStatus(name, database, Partition ?? [], state, progress);
            }));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Describe(connection, database, name));
        }
    }
}
