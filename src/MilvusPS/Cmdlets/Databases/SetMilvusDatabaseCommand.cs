using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Sets or removes database properties.</summary>
[Cmdlet(VerbsCommon.Set, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(MilvusDatabase))]
public sealed class SetMilvusDatabaseCommand : MilvusConnectedCmdlet
{
    /// <summary>The database's name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>A database from Get-MilvusDatabase.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public MilvusDatabase? InputObject { get; set; }

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
        if (InputObject is not null) Name = InputObject.Name;
        var connection = ResolveConnection();
        var change = DescribePropertyChange(Property, RemoveProperty, Name);
        if (!ShouldProcess(Name, $"Alter Milvus database properties ({change})")) return;
        try
        {
            RunAsync(token => connection.AlterAsync(Name, PropertyTable.From(Property), RemoveProperty, token));
            if (PassThru) WriteObject(RunAsync(token => connection.DescribeAsync(Name, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Name);
        }
    }
}
