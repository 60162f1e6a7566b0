using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Partitions;

/// <summary>Creates partitions in a collection (not in a partition-key collection, whose partitions Milvus manages).</summary>
[Cmdlet(VerbsCommon.New, "MilvusPartition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusPartition))]
public sealed class NewMilvusPartitionCommand : MilvusCollectionCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("PartitionName")]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        foreach (var name in Name)
        {
            var target = $"{Describe(connection, database, collection)}/{name}";
            if (!ShouldProcess(target, "Create Milvus partition")) continue;
            try
            {
                RunAsync(token => connection.CreatePartitionAsync(database, collection, name, token));
                var created = RunAsync(token => connection.ListPartitionsAsync(database, collection, token)).FirstOrDefault(p => p.Name == name);
                if (created is not null) WriteObject(created);
            }
            catch (MilvusException e)
            {
                WriteMilvusError(e, target);
            }
        }
    }
}
