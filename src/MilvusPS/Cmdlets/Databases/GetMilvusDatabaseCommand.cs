using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Lists databases, or describes the named ones (id, creation time, properties).</summary>
[Cmdlet(VerbsCommon.Get, "MilvusDatabase")]
[OutputType(typeof(MilvusDatabase))]
public sealed class GetMilvusDatabaseCommand : MilvusConnectedCmdlet
{
    /// <summary>Database names; wildcards allowed. All databases when omitted.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [Alias("DbName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            var all = RunAsync(token => connection.ListAsync(token));
            foreach (var pattern in Name ?? ["*"])
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                var matches = all.Where(d => wildcard.IsMatch(d.Name)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    WriteError(new ErrorRecord(MilvusErrors.NotFound("DescribeDatabase", pattern, "DatabaseNotFound", $"database not found[database={pattern}]", 800),
                        "DatabaseNotFound", ErrorCategory.ObjectNotFound, pattern));
                    continue;
                }
                foreach (var db in matches)
                {
                    // Listing has no properties; describing each match adds them.
                    try { WriteObject(RunAsync(token => connection.DescribeAsync(db.Name, token))); }
                    catch (MilvusException e) { WriteMilvusError(e, db.Name); }
                }
            }
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, connection.Uri);
        }
    }
}
