using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Language;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Operations;

namespace MilvusPS.Infrastructure.Completion;

/// <summary>
/// The shared machinery of MilvusPS's argument completers: the connection (-Connection, else the runspace's
/// default), a short cache, a hard timeout, and never an exception (a completer that throws breaks Tab).
/// </summary>
public abstract class MilvusCompleter : IArgumentCompleter
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<string, (DateTime At, IReadOnlyList<string> Names)> Cache = new();

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var connection = fakeBoundParameters["Connection"] as MilvusConnection
                ?? (fakeBoundParameters["Connection"] as PSObject)?.BaseObject as MilvusConnection
                ?? RunspaceSession.Current.Default;
            if (connection is not { IsOpen: true }) return [];
            var database = fakeBoundParameters["Database"] as string;
            var key = $"{GetType().Name}|{connection.GetHashCode()}|{database ?? connection.Database}|{Scope(fakeBoundParameters)}";
            IReadOnlyList<string> names;
            if (Cache.TryGetValue(key, out var hit) && DateTime.UtcNow - hit.At < CacheLifetime) names = hit.Names;
            else
            {
                using var cts = new CancellationTokenSource(Deadline);
                var task = ListAsync(connection, database, fakeBoundParameters, cts.Token);
                if (!task.Wait(Deadline)) return [];
                names = task.Result;
                Cache[key] = (DateTime.UtcNow, names);
            }
            var prefix = wordToComplete.Trim('\'', '"');
            return names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n));
        }
        catch (Exception)
        {
            return [];
        }
    }

    /// <summary>What else the list depends on (e.g. the collection, for partition names).</summary>
    protected virtual string Scope(IDictionary bound) => string.Empty;

    protected abstract Task<IReadOnlyList<string>> ListAsync(MilvusConnection connection, string? database, IDictionary bound, CancellationToken ct);

    protected static string? Bound(IDictionary bound, string name) => bound[name] switch
    {
        string s => s,
        PSObject { BaseObject: string s } => s,
        _ => null,
    };

    private static string Quote(string name) => name.All(c => char.IsLetterOrDigit(c) || c == '_') ? name : $"'{name.Replace("'", "''")}'";
}

public sealed class DatabaseNameCompleter : MilvusCompleter
{
    protected override async Task<IReadOnlyList<string>> ListAsync(MilvusConnection connection, string? database, IDictionary bound, CancellationToken ct) =>
        (await connection.ListAsync(ct).ConfigureAwait(false)).Select(d => d.Name).ToList();
}

public sealed class CollectionNameCompleter : MilvusCompleter
{
    protected override async Task<IReadOnlyList<string>> ListAsync(MilvusConnection connection, string? database, IDictionary bound, CancellationToken ct) =>
        (await connection.ListCollectionsAsync(database, ct).ConfigureAwait(false)).Select(c => c.Name).ToList();
}

public sealed class PartitionNameCompleter : MilvusCompleter
{
    protected override string Scope(IDictionary bound) => Bound(bound, "Collection") ?? string.Empty;

    protected override async Task<IReadOnlyList<string>> ListAsync(MilvusConnection connection, string? database, IDictionary bound, CancellationToken ct) =>
        Bound(bound, "Collection") is { } collection
            ? (await connection.ListPartitionsAsync(database, collection, ct).ConfigureAwait(false)).Select(p => p.Name).ToList()
            : [];
}

public sealed class AliasNameCompleter : MilvusCompleter
{
    protected override async Task<IReadOnlyList<string>> ListAsync(MilvusConnection connection, string? database, IDictionary bound, CancellationToken ct) =>
        (await connection.ListAliasesAsync(database, null, ct).ConfigureAwait(false)).Select(a => a.Alias).ToList();
}

public sealed class FieldNameCompleter : MilvusCompleter
{
    protected override string Scope(IDictionary bound) => Bound(bound, "Collection") ?? string.Empty;

    protected override async Task<IReadOnlyList<string>> ListAsync(MilvusConnection connection, string? database, IDictionary bound, CancellationToken ct) =>
        Bound(bound, "Collection") is { } collection
            ? (await connection.DescribeCollectionAsync(database, collection, ct).ConfigureAwait(false)).Fields.Select(f => f.Name).ToList()
            : [];
}

/// <summary>Index types Milvus knows (from the index facts), for New-MilvusIndex -IndexType.</summary>
public sealed class IndexTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Core.Operations.Indexes.CreatableIndexTypes
            .Where(t => t.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(t => new CompletionResult(t, t, CompletionResultType.ParameterValue, t));
}
