using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Releases a collection (or some partitions) from query memory; searches on it fail until it is loaded again.</summary>
[Cmdlet(VerbsData.Dismount, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
public sealed class DismountMilvusCollectionCommand : MilvusCollectionCmdlet
{
    /// <summary>Release only these partitions.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Partition { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Describe(connection, database, name) + (Partition is { Length: > 0 } ? $" (partitions {string.Join(", ", Partition)})" : string.Empty);
        if (!ShouldChange(target, "Release Milvus collection from memory (searches fail until it is loaded again)", Force)) return;
        try
        {
            RunAsync(token => connection.ReleaseAsync(database, name, Partition, token));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
