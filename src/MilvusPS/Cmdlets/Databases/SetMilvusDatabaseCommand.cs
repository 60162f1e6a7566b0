using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Sets or removes database properties.</summary>
[Cmdlet(VerbsCommon.Set, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusDatabase))]
public sealed class SetMilvusDatabaseCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string Name { get; set; } = string.Empty;

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
        var connection = ResolveConnection();
        if (Property is null && RemoveProperty is null)
            ThrowError(new ArgumentException("Give -Property, -RemoveProperty or both."), "NothingToChange", ErrorCategory.InvalidArgument, Name);
        var change = string.Join("; ", new[]
        {
            Property is null ? null : "set " + string.Join(", ", Property.Keys.Cast<object>()),
            RemoveProperty is null ? null : "remove " + string.Join(", ", RemoveProperty),
        }.Where(s => s is not null));
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
