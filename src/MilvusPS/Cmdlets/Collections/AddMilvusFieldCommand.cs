using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Adds a nullable scalar field to an existing collection (Milvus 2.6+). It cannot be removed again.</summary>
[Cmdlet(VerbsCommon.Add, "MilvusField", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusCollection))]
public sealed class AddMilvusFieldCommand : MilvusCollectionCmdlet
{
    /// <summary>The field to add (New-MilvusField ... -Nullable).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public MilvusField? Field { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Describe(connection, database, name);
        try
        {
            connection.Capabilities.Require("AddCollectionField", "AddCollectionField", target);
            if (!ShouldProcess(target, $"Add field {Field} to the Milvus collection (a field cannot be removed again)")) return;
            RunAsync(token => connection.AddCollectionFieldAsync(database, name, Field!, token));
            if (PassThru) WriteObject(RunAsync(token => connection.DescribeCollectionWithDetailsAsync(database, name, false, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "FieldDefaultValueInvalid", ErrorCategory.InvalidArgument, target));
        }
    }
}
