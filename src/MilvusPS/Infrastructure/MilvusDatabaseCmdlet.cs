using System.Management.Automation;
using MilvusPS.Core.Operations;

namespace MilvusPS.Infrastructure;

/// <summary>A cmdlet aimed at one database: -Name, or -InputObject (a MilvusDatabase from Get-MilvusDatabase).</summary>
public abstract class MilvusDatabaseCmdlet : MilvusConnectedCmdlet
{
    protected const string ByName = "Name";
    protected const string ByInputObject = "InputObject";

    /// <summary>The database's name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName)]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.DatabaseNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>A database from Get-MilvusDatabase.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObject)]
    [ValidateNotNull]
    public MilvusDatabase? InputObject { get; set; }

    /// <summary>The database this record is about.</summary>
    protected string DatabaseName => InputObject?.Name ?? Name;
}
