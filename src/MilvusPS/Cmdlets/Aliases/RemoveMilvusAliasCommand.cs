using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Aliases;

/// <summary>Drops aliases (the collections stay); clients that use the alias fail until it exists again.</summary>
[Cmdlet(VerbsCommon.Remove, "MilvusAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveMilvusAliasCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Alias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.AliasNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        foreach (var alias in Name)
        {
            if (!ShouldChange(alias, "Drop Milvus alias (clients using it fail until it is created again)", Force)) continue;
            try
            {
                RunAsync(token => connection.DropAliasAsync(database, alias, token));
            }
            catch (MilvusException e)
            {
                WriteMilvusError(e, alias);
            }
        }
    }
}
