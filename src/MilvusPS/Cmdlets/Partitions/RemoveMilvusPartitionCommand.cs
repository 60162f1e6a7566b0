using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Partitions;

/// <summary>
/// Drops partitions and their data. Milvus refuses to drop a loaded partition: that is an error here too,
/// unless -Force, which releases the partition first (and says so).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "MilvusPartition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
public sealed class RemoveMilvusPartitionCommand : MilvusCollectionCmdlet
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PartitionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Drop without asking; release a loaded partition first.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        foreach (var name in Name)
        {
            var target = $"{Describe(connection, database, collection)}/{name}";
            try
            {
                var state = RunAsync(token => connection.GetLoadStateAsync(database, collection, [name], token));
                var loaded = state is MilvusLoadState.Loaded or MilvusLoadState.Loading;
                // Under -WhatIf the What-if line says what would happen instead of failing.
                if (loaded && !Force && !WhatIfRequested)
                {
                    var error = new MilvusException($"Partition '{target}' is loaded; Milvus drops only released partitions. Release it with Dismount-MilvusPartition, or use -Force to release and drop it.",
                        MilvusErrorKind.InvalidState, "PartitionLoaded") { Operation = "DropPartition", Target = target };
                    WriteMilvusError(error, target);
                    continue;
                }
                var action = !loaded ? "Drop Milvus partition and all its data"
                    : Force ? "Release, then drop the Milvus partition and all its data"
                    : "Drop Milvus partition and all its data; refused: it is loaded (add -Force to release it first)";
                if (!ShouldChange(target, action, Force)) continue;
                if (loaded)
                {
                    WriteWarning($"Releasing the loaded partition {target} before dropping it.");
                    RunAsync(token => connection.ReleaseAsync(database, collection, [name], token));
                }
                RunAsync(token => connection.DropPartitionAsync(database, collection, name, token));
            }
            catch (MilvusException e)
            {
                WriteMilvusError(e, target);
            }
        }
    }
}
