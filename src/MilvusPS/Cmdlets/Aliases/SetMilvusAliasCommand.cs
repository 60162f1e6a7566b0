using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Aliases;

/// <summary>Points an existing alias at another collection: the blue/green cut-over, atomic on the server.</summary>
[Cmdlet(VerbsCommon.Set, "MilvusAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusAlias))]
public sealed class SetMilvusAliasCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Alias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.AliasNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The collection the alias points to from now on.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        try
        {
            var current = RunAsync(token => connection.DescribeAliasAsync(database, Name, token));
            if (!ShouldProcess(Name, $"Point Milvus alias from '{current.Collection}' to '{Collection}'")) return;
            RunAsync(token => connection.AlterAliasAsync(database, Collection, Name, token));
            if (PassThru) WriteObject(RunAsync(token => connection.DescribeAliasAsync(database, Name, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Name);
        }
    }
}
