using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Partitions;

/// <summary>Loads partitions into query memory; -Wait shows progress until loaded.</summary>
[Cmdlet(VerbsData.Mount, "MilvusPartition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByInputObject)]
public sealed class MountMilvusPartitionCommand : MilvusCollectionCmdlet
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("PartitionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 100)]
    public int ReplicaNumber { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        var target = $"{Describe(connection, database, collection)}/{string.Join(",", Name)}";
        if (!ShouldProcess(target, "Load Milvus partitions into memory")) return;
        var activity = $"Loading {target}";
        try
        {
            RunAsync(async token =>
            {
                await connection.LoadAsync(database, collection, new LoadRequest { Partitions = Name, ReplicaNumber = ReplicaNumber }, token).ConfigureAwait(false);
                if (Wait)
                    await connection.WaitForLoadAsync(database, collection, Name, false, TimeSpan.FromSeconds(TimeoutSec),
                        new ReportNow<long>(p => Post(() => WriteProgress(new ProgressRecord(1, activity, $"{p}% loaded") { PercentComplete = (int)Math.Clamp(p, 0, 100) }))), token).ConfigureAwait(false);
            });
            if (Wait) WriteProgress(new ProgressRecord(1, activity, "Loaded") { RecordType = ProgressRecordType.Completed });
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
