using MilvusPS.Core.Connection;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;

namespace MilvusPS.Core.Data.Files;

/// <summary>What Export-MilvusEntity reads: the query iterator's options and the file format.</summary>
public sealed class EntityExportOptions
{
    public required EntityFileFormat Format { get; init; }
    public string? Filter { get; init; }
    public IReadOnlyDictionary<string, object?>? FilterParameters { get; init; }
    public IReadOnlyList<string>? OutputFields { get; init; }
    public IReadOnlyList<string>? Partitions { get; init; }
    public int BatchSize { get; init; } = 1000;
    public long? Limit { get; init; }
    public MilvusConsistencyLevel? Consistency { get; init; }

    /// <summary>Replace a file that is there (else the export fails when one appears before the end).</summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>Replace a read-only file too.</summary>
    public bool OverwriteReadOnly { get; init; }
}

/// <summary>An export's result: where, what, how much.</summary>
public sealed record EntityExportResult(string Path, EntityFileFormat Format, long Rows, long Bytes);

/// <summary>
/// Streams every match of a query (the query iterator, page by page, in primary-key order) into an entity
/// file. The file is written under a temporary name beside the target and moved into place only when
/// complete, so a failed or cancelled export never leaves half a file, and never harms the file it was to replace.
/// </summary>
public static class EntityExport
{
    public static async Task<EntityExportResult> RunAsync(MilvusConnection connection, string database, string collection, MilvusCollectionSchema schema,
        string path, EntityExportOptions options, IProgress<long>? progress, CancellationToken ct)
    {
        var pk = schema.PrimaryKey ?? throw Errors.MilvusErrors.Invalid("Query", collection, "The collection has no primary key.");
        var columns = EntityFileColumns.For(schema, options.OutputFields);
        var iterator = new MilvusQueryIterator(connection, database, collection, pk, new MilvusQueryIteratorOptions
        {
            Filter = options.Filter,
            FilterParameters = options.FilterParameters,
            OutputFields = columns.QueryFields,
            Partitions = options.Partitions,
            BatchSize = options.BatchSize,
            Limit = options.Limit,
            Consistency = options.Consistency,
        });
        using var target = new EntityFileTarget(path);
        long rows;
        await using (var stream = target.Create())
        {
            await using var writer = await EntityFileWriter.CreateAsync(stream, options.Format, columns, ct).ConfigureAwait(false);
            while (await iterator.NextAsync(ct).ConfigureAwait(false) is { Count: > 0 } page)
            {
                await writer.WriteAsync(page, ct).ConfigureAwait(false);
                progress?.Report(writer.Rows);
            }
            await writer.CompleteAsync(ct).ConfigureAwait(false);
            rows = writer.Rows;
        }
        target.Commit(options.Overwrite, options.OverwriteReadOnly);
        return new EntityExportResult(path, options.Format, rows, new FileInfo(path).Length);
    }
}

/// <summary>
/// A file written under a temporary name in the target's folder (so the final move is a rename on the same
/// volume) and moved over the target by <see cref="Commit"/>; disposed without a commit, the temporary file is deleted.
/// </summary>
public sealed class EntityFileTarget(string path) : IDisposable
{
    private bool _committed;

    public string Path { get; } = path;
    public string TemporaryPath { get; } = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".",
        $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}"[..Math.Min(System.IO.Path.GetFileName(path).Length + 10, 200)] + ".tmp");

    public FileStream Create() => new(TemporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024);

    /// <summary>Moves the finished file into place. Throws IOException when a file is there and may not be replaced, UnauthorizedAccessException when it is read-only.</summary>
    public void Commit(bool overwrite, bool overwriteReadOnly)
    {
        if (File.Exists(Path))
        {
            if (!overwrite) throw new IOException($"The file '{Path}' already exists.");
            var attributes = File.GetAttributes(Path);
            if (attributes.HasFlag(FileAttributes.ReadOnly))
            {
                if (!overwriteReadOnly) throw new UnauthorizedAccessException($"The file '{Path}' is read-only.");
                File.SetAttributes(Path, attributes & ~FileAttributes.ReadOnly);
            }
        }
        File.Move(TemporaryPath, Path, overwrite);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        try { File.Delete(TemporaryPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
