namespace MilvusPS.Protocol.Facts;

/// <summary>One Milvus error code (merr): the number in Status.code and what goes with it.</summary>
/// <param name="Code">The numeric Milvus code.</param>
/// <param name="Name">The error's name without the Go "Err" prefix, e.g. CollectionNotFound. Stable: used for ErrorIds.</param>
/// <param name="MessageText">The base text Milvus puts first in Status.reason.</param>
/// <param name="Retriable">Whether Milvus marks the status retriable.</param>
/// <param name="IsInputError">Whether Milvus classifies it as the caller's fault (extra_info is_input_error).</param>
/// <param name="LegacyErrorCode">What Milvus also puts in the deprecated Status.error_code.</param>
/// <param name="Meaning">A short description in our words.</param>
public sealed record MilvusErrorInfo(int Code, string Name, string MessageText, bool Retriable, bool IsInputError, ErrorCode LegacyErrorCode, string Meaning);

/// <summary>The Milvus error codes (from our error-codes.tsv fact table).</summary>
public static class ErrorCatalog
{
    /// <summary>A request that was cancelled.</summary>
    public const int Canceled = 10000;
    /// <summary>A request whose deadline passed.</summary>
    public const int Timeout = 10001;
    /// <summary>Any error Milvus does not classify.</summary>
    public const int Unexpected = 65535;

    private static readonly Lazy<(Dictionary<int, MilvusErrorInfo> ByCode, Dictionary<string, MilvusErrorInfo> ByName)> Table = new(Load);

    public static IReadOnlyCollection<MilvusErrorInfo> All => Table.Value.ByCode.Values;

    public static MilvusErrorInfo? Find(int code) => Table.Value.ByCode.GetValueOrDefault(code);

    /// <summary>Finds a code by its name, e.g. "CollectionNotFound".</summary>
    public static MilvusErrorInfo Get(string name) =>
        Table.Value.ByName.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"No Milvus error named '{name}'.");

    /// <summary>"ErrCollectionNotFound" → "CollectionNotFound"; "CanceledCode (constant)" → "Canceled"; "errUnexpected (unexported)" → "Unexpected".</summary>
    private static string StableName(string goName)
    {
        var name = goName.Split(' ')[0];
        if (name.StartsWith("Err", StringComparison.OrdinalIgnoreCase)) name = name[3..];
        if (name.EndsWith("Code", StringComparison.Ordinal)) name = name[..^4];
        return name;
    }

    private static (Dictionary<int, MilvusErrorInfo>, Dictionary<string, MilvusErrorInfo>) Load()
    {
        var byCode = new Dictionary<int, MilvusErrorInfo>();
        var byName = new Dictionary<string, MilvusErrorInfo>(StringComparer.Ordinal);
        foreach (var row in FactTable.Read("error-codes.tsv"))
        {
            var code = int.Parse(row["code"], System.Globalization.CultureInfo.InvariantCulture);
            var name = StableName(row["go_var_name"]);
            var legacy = Enum.TryParse<ErrorCode>(row["legacy_error_code"], out var l) ? l : ErrorCode.UnexpectedError;
            var info = new MilvusErrorInfo(code, name, row["message_text"], row["retriable"] == "true",
                row["input_error_in_newer_snapshot"] == "yes", legacy, row["meaning"]);
            // Snapshot A is the 2.4/2.5-era source of truth; a B-only row never replaces it.
            // A has one code used twice (2200); the first row wins.
            byCode.TryAdd(code, info);
            byName.TryAdd(name, info);
        }
        return (byCode, byName);
    }
}
