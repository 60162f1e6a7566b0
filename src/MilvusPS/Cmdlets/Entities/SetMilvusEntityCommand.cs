using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Operations;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>Upserts entities: rows whose primary key exists are replaced, others inserted; -Partial updates only the fields given (2.6+).</summary>
[Cmdlet(VerbsCommon.Set, "MilvusEntity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusWriteSummary), typeof(MilvusWrittenEntity))]
public sealed class SetMilvusEntityCommand : MilvusEntityPipelineCmdlet
{
    /// <summary>Update only the fields each row gives; the others keep their values (Milvus 2.6.1+).</summary>
    [Parameter]
    public SwitchParameter Partial { get; set; }

    protected override bool IsUpsert => true;
    protected override bool IsPartial => Partial;
    protected override string OperationName => "Upsert";

    protected override Task<MilvusMutation> SendAsync(MilvusConnection connection, string database, Core.Data.EntityBatchBuilder batch, CancellationToken ct) =>
        connection.UpsertAsync(database, Collection, Partition, batch, Partial, ct);
}
