using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Data.Files;
using MilvusPS.Core.Operations;

namespace MilvusPS.Cmdlets.Entities;

/// <summary>
/// Inserts (or with -Upsert, upserts) the rows of CSV, JSON lines, JSON and Parquet files, read a chunk at a
/// time, through the same checks, batching and gates as Add-MilvusEntity. A bad row is a non-terminating
/// EntityInvalid naming the file, line or row, and field; a file that cannot be read is an EntityFileInvalid
/// for that file, and the next file goes on. -Atomic reads every file twice: once to check, once to send.
/// </summary>
[Cmdlet(VerbsData.Import, "MilvusEntity", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusWriteSummary), typeof(MilvusWrittenEntity))]
public sealed class ImportMilvusEntityCommand : MilvusEntityWriteCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private readonly List<(string Path, EntityFileFormat Format)> _files = [];
    private long _row;

    /// <summary>Files to import; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Files to import, taken as written (no wildcards); Get-ChildItem output binds here by PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The file format; without it, the extension decides (.csv, .jsonl/.ndjson, .json, .parquet).</summary>
    [Parameter]
    public EntityFileFormat Format { get; set; }

    /// <summary>Upsert instead of insert: rows whose primary key exists are replaced.</summary>
    [Parameter]
    public SwitchParameter Upsert { get; set; }

    protected override bool IsUpsert => Upsert;
    protected override string OperationName => Upsert ? "Upsert" : "Insert";
    protected override bool KeepIds => false;

    protected override Task<MilvusMutation> SendAsync(MilvusConnection connection, string database, EntityBatchBuilder batch, CancellationToken ct) =>
        Upsert ? connection.UpsertAsync(database, Collection, Partition, batch, false, ct) : connection.InsertAsync(database, Collection, Partition, batch, ct);

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveFiles())
        {
            Summary.Files.Add(file.Path);
            // -Atomic checks every file before anything is sent, so files wait for EndProcessing.
            if (Atomic) _files.Add(file);
            else Import(file.Path, file.Format, send: true, problems: null);
        }
    }

    protected override void EndProcessing()
    {
        if (Atomic)
        {
            var problems = new List<RowProblem>();
            var start = _row;
            foreach (var (path, format) in _files)
                if (!Import(path, format, send: false, problems)) return;
            if (problems.Count > 0)
            {
                ThrowAtomic(problems, problems.Count, _row - start);
                return;
            }
            _row = 0;
            foreach (var (path, format) in _files)
                if (!Import(path, format, send: true, problems: null)) break;
        }
        Complete();
    }

    /// <summary>
    /// Reads one file a chunk at a time: sends its rows (send) or only checks them into <paramref name="problems"/>.
    /// False when the file could not be read (the error is written, or thrown under -Atomic).
    /// </summary>
    private bool Import(string path, EntityFileFormat format, bool send, List<RowProblem>? problems)
    {
        var name = System.IO.Path.GetFileName(path);
        var activity = $"{(send ? OperationName : "Check")} {name} → {Summary.Collection}";
        var options = new EntityFileReadOptions { Upsert = Upsert };
        try
        {
            var reader = RunAsync(token => EntityFileReader.OpenAsync(path, format, Schema, options, token));
            try
            {
                while (RunAsync(token => reader.ReadAsync(BatchSize, token)) is { Count: > 0 } rows)
                {
                    foreach (var row in rows)
                    {
                        var number = _row++;
                        var location = $"{name} {row.Location}";
                        if (row.Values is null)
                        {
                            var unreadable = new RowProblem(number, row.ProblemField, row.Problem ?? "the row cannot be read.") { Location = location };
                            if (problems is not null) problems.Add(unreadable);
                            else Reject(unreadable);
                        }
                        else if (send)
                        {
                            Write(row.Values, number, location);
                        }
                        else if (Check(row.Values, number) is { } problem)
                        {
                            problems?.Add(problem with { Location = location });
                        }
                    }
                    var percent = reader.Length == 0 ? 100 : (int)Math.Min(100, reader.Position * 100 / reader.Length);
                    WriteProgress(new ProgressRecord(5, activity, $"{reader.RowsRead} rows read ({reader.Position:N0} of {reader.Length:N0} bytes)") { PercentComplete = percent });
                }
            }
            finally
            {
                RunAsync(async _ => { await reader.DisposeAsync().ConfigureAwait(false); return true; });
                WriteProgress(new ProgressRecord(5, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            return true;
        }
        catch (EntityFileException e)
        {
            var record = new ErrorRecord(e, "EntityFileInvalid", ErrorCategory.InvalidData, path);
            if (Atomic) ThrowTerminatingError(record);
            WriteError(record);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var record = new ErrorRecord(e, e is FileNotFoundException ? "EntityFileNotFound" : "EntityFileUnreadable",
                e is FileNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.ReadError, path);
            if (Atomic) ThrowTerminatingError(record);
            WriteError(record);
        }
        return false;
    }

    /// <summary>The files this record names: -Path resolved with wildcards, -LiteralPath as written; each with its format.</summary>
    private IEnumerable<(string Path, EntityFileFormat Format)> ResolveFiles()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var given in literal ? LiteralPath : Path)
        {
            List<string> paths;
            try
            {
                if (literal)
                {
                    paths = [SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out var provider, out _)];
                    if (provider.Name != "FileSystem") throw new ArgumentException($"'{given}' is not a file-system path.");
                }
                else
                {
                    paths = [.. GetResolvedProviderPathFromPSPath(given, out var provider)];
                    if (provider.Name != "FileSystem") throw new ArgumentException($"'{given}' is not a file-system path.");
                }
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "EntityFileNotFound", ErrorCategory.ObjectNotFound, given));
                continue;
            }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, "EntityFileNotFound", ErrorCategory.InvalidArgument, given));
                continue;
            }
            var wildcard = !literal && WildcardPattern.ContainsWildcardCharacters(given);
            if (paths.Count == 0 && wildcard)
                WriteError(new ErrorRecord(new FileNotFoundException($"No file matches '{given}'."), "EntityFileNotFound", ErrorCategory.ObjectNotFound, given));
            foreach (var path in paths)
            {
                if (Directory.Exists(path))
                {
                    if (!wildcard) WriteError(new ErrorRecord(new IOException($"'{path}' is a folder; give the files in it (for example '{System.IO.Path.Combine(given, "*.parquet")}')."), "EntityFileNotFound", ErrorCategory.InvalidArgument, path));
                    continue;
                }
                if (!File.Exists(path))
                {
                    WriteError(new ErrorRecord(new FileNotFoundException($"The file '{path}' does not exist."), "EntityFileNotFound", ErrorCategory.ObjectNotFound, path));
                    continue;
                }
                var format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : EntityFileFormats.FromPath(path);
                if (format is null)
                {
                    WriteError(new ErrorRecord(new ArgumentException($"The format of '{System.IO.Path.GetFileName(path)}' is not known from its extension ({EntityFileFormats.KnownExtensions}); give -Format."),
                        "EntityFileFormatUnknown", ErrorCategory.InvalidArgument, path));
                    continue;
                }
                yield return (path, format.Value);
            }
        }
    }
}
