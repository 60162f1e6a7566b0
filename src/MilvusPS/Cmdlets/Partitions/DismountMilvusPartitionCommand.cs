using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Partitions;

/// <summary>Releases partitions from query memory.</summary>
[Cmdlet(VerbsData.Dismount, "MilvusPartition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
public sealed class DismountMilvusPartitionCommand : MilvusCollectionCmdlet
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PartitionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        var target = $"{Describe(connection, database, collection)}/{string.Join(",", Name)}";
        if (!ShouldChange(target, "Release Milvus partitions from memory", Force)) return;
        try
        {
            RunAsync(token => connection.ReleaseAsync(database, collection, Name, token));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
