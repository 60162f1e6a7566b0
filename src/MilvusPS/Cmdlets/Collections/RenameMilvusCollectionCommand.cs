using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Renames a collection, optionally moving it to another database.</summary>
[Cmdlet(VerbsCommon.Rename, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusCollection))]
public sealed class RenameMilvusCollectionCommand : MilvusCollectionCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = string.Empty;

    /// <summary>Move the collection to this database.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? NewDatabase { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Describe(connection, database, name);
        var to = NewDatabase is null ? NewName : $"{NewDatabase}.{NewName}";
        if (!ShouldProcess(target, $"Rename Milvus collection to '{to}'")) return;
        try
        {
            RunAsync(token => connection.RenameCollectionAsync(database, name, NewName, NewDatabase, token));
            if (PassThru) WriteObject(RunAsync(token => connection.DescribeCollectionWithDetailsAsync(NewDatabase ?? database, NewName, false, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
