using System.Management.Automation;
using MilvusPS.Core.Data.Files;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>What Export-MilvusEntity wrote.</summary>
public sealed record MilvusExportSummary(string Collection, string Path, EntityFileFormat Format, long Rows, long Bytes);

/// <summary>
/// Writes every entity of a collection (or every match of -Filter) to a CSV, JSON lines, JSON or Parquet file
/// in the shape Milvus's bulk import takes, streaming the query iterator page by page. The file is written
/// under a temporary name and moved into place at the end, so a failed export leaves no half file and keeps
/// the file it was to replace. As Export-Csv: an existing file is replaced unless -NoClobber; -Force replaces
/// a read-only one.
/// </summary>
[Cmdlet(VerbsData.Export, "MilvusEntity", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusExportSummary), typeof(FileInfo))]
public sealed class ExportMilvusEntityCommand : MilvusConnectedCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("CollectionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    /// <summary>The file to write. A wildcard must match exactly one existing file.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The file to write, taken as written (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>The file format; without it, the extension decides (.csv, .jsonl/.ndjson, .json, .parquet).</summary>
    [Parameter]
    public EntityFileFormat Format { get; set; }

    /// <summary>A Milvus filter expression; without it, every entity.</summary>
    [Parameter]
    [Alias("Expr", "Where")]
    public string? Filter { get; set; }

    /// <summary>Values for {name} placeholders in -Filter (Milvus 2.4.16+).</summary>
    [Parameter]
    public System.Collections.Hashtable? FilterParameter { get; set; }

    /// <summary>Fields to write; "*" (the default) is every field but function outputs, with the dynamic fields. Leave the primary key out to import into a collection that generates keys.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string[] OutputField { get; set; } = ["*"];

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Partition { get; set; }

    /// <summary>Rows per query page (and per Parquet row group).</summary>
    [Parameter]
    [ValidateRange(1, 16384)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>At most this many entities.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Limit { get; set; }

    [Parameter]
    public MilvusConsistencyLevel ConsistencyLevel { get; set; } = MilvusConsistencyLevel.Bounded;

    /// <summary>Fail when the file exists rather than replace it.</summary>
    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Replace the file even when it is read-only.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the file (a FileInfo) instead of the summary.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected override void EndProcessing()
    {
        var path = ResolveTarget();
        var format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : EntityFileFormats.FromPath(path);
        if (format is null)
            ThrowError(new ArgumentException($"The format of '{System.IO.Path.GetFileName(path)}' is not known from its extension ({EntityFileFormats.KnownExtensions}); give -Format."),
                "EntityFileFormatUnknown", ErrorCategory.InvalidArgument, path);
        if (File.Exists(path))
        {
            if (NoClobber)
                ThrowError(new IOException($"The file '{path}' already exists, and -NoClobber keeps it. Remove -NoClobber to replace it."), "EntityFileExists", ErrorCategory.ResourceExists, path);
            if (File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly) && !Force)
                ThrowError(new UnauthorizedAccessException($"The file '{path}' is read-only. Use -Force to replace it."), "EntityFileReadOnly", ErrorCategory.PermissionDenied, path);
        }
        if (Directory.Exists(path))
            ThrowError(new IOException($"'{path}' is a folder; give a file name."), "EntityFileInvalid", ErrorCategory.InvalidArgument, path);

        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        if (!ShouldProcess(path, $"Export the entities of collection '{Collection}'{(Filter is null ? string.Empty : $" matching '{Filter}'")} to a {format} file")) return;
        var activity = $"Export {Collection} → {System.IO.Path.GetFileName(path)}";
        try
        {
            var described = RunAsync(token => connection.DescribeCollectionAsync(database, Collection, token));
            var level = MyInvocation.BoundParameters.ContainsKey(nameof(ConsistencyLevel)) ? ConsistencyLevel : (MilvusConsistencyLevel?)null;
            var options = new EntityExportOptions
            {
                Format = format!.Value,
                Filter = Filter,
                FilterParameters = RowReader.Templates(FilterParameter),
                OutputFields = OutputField,
                Partitions = Partition,
                BatchSize = BatchSize,
                Limit = Limit > 0 ? Limit : null,
                Consistency = level,
                Overwrite = !NoClobber,
                OverwriteReadOnly = Force,
            };
            var progress = new ReportNow<long>(rows => Post(() => WriteProgress(new ProgressRecord(6, activity, $"{rows:N0} entities written"))));
            var result = RunAsync(token => EntityExport.RunAsync(connection, database, described.Name, described.Schema, path, options, progress, token));
            WriteProgress(new ProgressRecord(6, activity, "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(PassThru ? new FileInfo(path) : new MilvusExportSummary(described.Name, path, result.Format, result.Rows, result.Bytes));
        }
        catch (MilvusException e)
        {
            ThrowMilvusError(e, Collection);
        }
        catch (IOException e) when (NoClobber && File.Exists(path))
        {
            ThrowError(e, "EntityFileExists", ErrorCategory.ResourceExists, path);
        }
        catch (UnauthorizedAccessException e)
        {
            ThrowError(e, "EntityFileReadOnly", ErrorCategory.PermissionDenied, path);
        }
        catch (IOException e)
        {
            ThrowError(e, "EntityFileWriteFailed", ErrorCategory.WriteError, path);
        }
        catch (NotSupportedException e)
        {
            // A field type the format has no column for (the temporary file is already gone).
            ThrowError(e, "EntityFileFieldUnsupported", ErrorCategory.NotImplemented, path);
        }
    }

    /// <summary>The file-system path to write: -LiteralPath as written; -Path with a wildcard must match one existing file.</summary>
    private string ResolveTarget()
    {
        var given = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
        string path;
        ProviderInfo provider;
        if (ParameterSetName == PathSet && WildcardPattern.ContainsWildcardCharacters(given))
        {
            var matches = GetResolvedProviderPathFromPSPath(given, out provider);
            if (matches.Count != 1)
                ThrowError(new ArgumentException($"'{given}' matches {matches.Count} files; give one file (use -LiteralPath for a name with [ or *)."), "EntityFileInvalid", ErrorCategory.InvalidArgument, given);
            path = matches[0];
        }
        else
        {
            path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out provider, out _);
        }
        if (provider.Name != "FileSystem")
            ThrowError(new ArgumentException($"'{given}' is not a file-system path."), "EntityFileInvalid", ErrorCategory.InvalidArgument, given);
        return path;
    }
}
