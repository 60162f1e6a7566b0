using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Operations;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>Inserts entities (rows) from the pipeline or -InputObject, in checked batches.</summary>
[Cmdlet(VerbsCommon.Add, "MilvusEntity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusWriteSummary), typeof(MilvusWrittenEntity))]
public sealed class AddMilvusEntityCommand : MilvusEntityPipelineCmdlet
{
    protected override bool IsUpsert => false;
    protected override string OperationName => "Insert";

    protected override Task<MilvusMutation> SendAsync(MilvusConnection connection, string database, Core.Data.EntityBatchBuilder batch, CancellationToken ct) =>
        connection.InsertAsync(database, Collection, Partition, batch, ct);
}
