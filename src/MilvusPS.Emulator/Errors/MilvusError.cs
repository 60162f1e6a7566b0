using System.Globalization;
using System.Text;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Errors;

/// <summary>
/// A Milvus domain error (what merr builds in the server): one catalogued code, the
/// <c>[key=value]</c> fields Milvus appends to its base text, an optional <c>: description</c>,
/// and optional outer context messages that only show in <c>Status.detail</c>.
/// Services throw it (or return it through <see cref="Services.MilvusServiceFacade"/>'s Fail helper);
/// <see cref="StatusFactory"/> alone turns it into a wire Status.
/// </summary>
public sealed class MilvusError : Exception
{
    private readonly KeyValuePair<string, string>[] _fields;
    private readonly string[] _context;

    public MilvusError(MilvusErrorInfo info, IEnumerable<KeyValuePair<string, string>>? fields = null, string? description = null, IEnumerable<string>? context = null)
        : base(null)
    {
        Info = info ?? throw new ArgumentNullException(nameof(info));
        _fields = fields?.ToArray() ?? [];
        Description = string.IsNullOrEmpty(description) ? null : description;
        _context = context?.ToArray() ?? [];
        var core = BuildReason();
        // merr.Status puts previousLastError(err) in reason: the innermost errors.Wrap layer around
        // the merr error (its prefix plus the base text); outer layers show only in detail.
        Reason = _context.Length == 0 ? core : _context[^1] + ": " + core;
        Detail = _context.Length == 0 ? core : string.Join(": ", _context) + ": " + core;
    }

    /// <summary>The catalogued code this error carries.</summary>
    public MilvusErrorInfo Info { get; }

    /// <summary>The numeric Milvus code (Status.code).</summary>
    public int Code => Info.Code;

    /// <summary>The <c>[key=value]</c> fields, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>Text after the fields, as <c>: description</c> (merr wrapFieldsWithDesc).</summary>
    public string? Description { get; }

    /// <summary>Outer messages (errors.Wrap); outermost first. The innermost one also prefixes <see cref="Reason"/>; all prefix <see cref="Detail"/>.</summary>
    public IReadOnlyList<string> Context => _context;

    /// <summary>What Milvus puts in Status.reason: <c>[innermost context: ]base text[key=value]...[: description]</c>.</summary>
    public string Reason { get; }

    /// <summary>What Milvus puts in Status.detail: the full chain, <c>context: ...: reason</c>.</summary>
    public string Detail { get; }

    public override string Message => Detail;

    /// <summary>An error by catalogue name, e.g. <c>MilvusError.Of("CollectionNotFound", ("collection", "books"))</c>.</summary>
    public static MilvusError Of(string name, params (string Key, object? Value)[] fields) =>
        new(ErrorCatalog.Get(name), ToFields(fields));

    /// <summary>An error by catalogue name with a <c>: description</c> after its fields.</summary>
    public static MilvusError WithDescription(string name, string description, params (string Key, object? Value)[] fields) =>
        new(ErrorCatalog.Get(name), ToFields(fields), description);

    /// <summary>An error by numeric code; codes the catalogue lacks become the catch-all 65535 with that number kept in a field.</summary>
    public static MilvusError OfCode(int code, string? description = null)
    {
        var info = ErrorCatalog.Find(code);
        if (info is not null) return new MilvusError(info, description: description);
        var unexpected = ErrorCatalog.Find(ErrorCatalog.Unexpected)
            ?? throw new InvalidOperationException("The error catalogue lacks the catch-all code 65535.");
        return new MilvusError(unexpected, [new("code", code.ToString(CultureInfo.InvariantCulture))], description);
    }

    /// <summary>The same error with an outer context message (merr's <c>errors.Wrap(err, msg)</c>).</summary>
    public MilvusError Wrap(string message) => new(Info, _fields, Description, [message, .. _context]);

    // The common ones, named as merr names its Wrap helpers.
    public static MilvusError DatabaseNotFound(string database) => Of("DatabaseNotFound", ("database", database));
    /// <summary>merr.WrapErrParameterInvalidMsg: <c>errors.Wrapf(ErrParameterInvalid, msg)</c>, so the text reads "msg: invalid parameter".</summary>
    public static MilvusError ParameterInvalidMsg(string message) => Of("ParameterInvalid").Wrap(message);

    /// <summary>
    /// A plain Go error (<c>errors.New</c> / <c>fmt.Errorf</c>) that reaches the client: merr codes it as the
    /// catch-all 65535 and its text is the whole reason.
    /// </summary>
    public static MilvusError Plain(string text)
    {
        var unexpected = ErrorCatalog.Find(ErrorCatalog.Unexpected)
            ?? throw new InvalidOperationException("The error catalogue lacks the catch-all code 65535.");
        return new MilvusError(unexpected with { MessageText = text });
    }
    public static MilvusError ServiceInternal(string reason) => WithDescription("ServiceInternal", reason);

    private string BuildReason()
    {
        var sb = new StringBuilder(Info.MessageText);
        foreach (var (key, value) in _fields) sb.Append('[').Append(key).Append('=').Append(value).Append(']');
        if (Description is not null) sb.Append(": ").Append(Description);
        return sb.ToString();
    }

    private static KeyValuePair<string, string>[] ToFields((string Key, object? Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Key, FormatValue(f.Value))).ToArray();

    // Go's fmt %v: invariant numbers, "true"/"false", "<nil>" for nil.
    private static string FormatValue(object? value) => value switch
    {
        null => "<nil>",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
