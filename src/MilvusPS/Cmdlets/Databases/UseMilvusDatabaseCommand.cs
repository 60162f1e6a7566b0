using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Makes a database the connection's current one (checked with the server first).</summary>
[Cmdlet(VerbsOther.Use, "MilvusDatabase", DefaultParameterSetName = "Name")]
[OutputType(typeof(MilvusConnection))]
public sealed class UseMilvusDatabaseCommand : MilvusConnectedCmdlet
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

    /// <summary>Write the connection afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) Name = InputObject.Name;
        var connection = ResolveConnection();
        try
        {
            RunAsync(token => connection.UseDatabaseAsync(Name, token));
            if (PassThru) WriteObject(connection);
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, Name);
        }
    }
}
