using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Sets or removes database properties.</summary>
[Cmdlet(VerbsCommon.Set, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
[OutputType(typeof(MilvusDatabase))]
public sealed class SetMilvusDatabaseCommand : MilvusDatabaseCmdlet
{
    /// <summary>Properties to set.</summary>
    [Parameter]
    public Hashtable? Property { get; set; }

    /// <summary>Property keys to remove (2.4.18+).</summary>
    [Parameter]
    public string[]? RemoveProperty { get; set; }

    /// <summary>Write the database afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var name = DatabaseName;
        var connection = ResolveConnection();
        var change = DescribePropertyChange(Property, RemoveProperty, name);
        if (!ShouldProcess(name, $"Alter Milvus database properties ({change})")) return;
        try
        {
            RunAsync(token => connection.AlterAsync(name, PropertyTable.From(Property), RemoveProperty, token));
            if (PassThru) WriteObject(RunAsync(token => connection.DescribeAsync(name, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, name);
        }
    }
}
