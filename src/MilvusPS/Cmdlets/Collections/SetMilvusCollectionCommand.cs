using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>
/// Sets or removes collection properties (collection.ttl.seconds, mmap.enabled, ...), or with -Field the
/// properties of one field (VarChar max_length, mmap.enabled; Milvus 2.4.18+).
/// </summary>
[Cmdlet(VerbsCommon.Set, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusCollection))]
public sealed class SetMilvusCollectionCommand : MilvusCollectionCmdlet
{
    /// <summary>Properties to set.</summary>
    [Parameter]
    public Hashtable? Property { get; set; }

    /// <summary>Property keys to remove.</summary>
    [Parameter]
    public string[]? RemoveProperty { get; set; }

    /// <summary>Alter this field's properties instead of the collection's.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string? Field { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Field is null ? Describe(connection, database, name) : $"{Describe(connection, database, name)}.{Field}";
        var change = DescribePropertyChange(Property, RemoveProperty, target);
        if (!ShouldProcess(target, $"Alter Milvus {(Field is null ? "collection" : "field")} properties ({change})")) return;
        try
        {
            RunAsync(token => Field is null
                ? connection.AlterCollectionAsync(database, name, PropertyTable.From(Property), RemoveProperty, token)
                : connection.AlterCollectionFieldAsync(database, name, Field, PropertyTable.From(Property), RemoveProperty, token));
            if (PassThru) WriteObject(RunAsync(token => connection.DescribeCollectionWithDetailsAsync(database, name, false, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
