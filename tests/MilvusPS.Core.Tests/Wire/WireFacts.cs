using Google.Protobuf.Reflection;

namespace MilvusPS.Core.Tests.Wire;

/// <summary>One comparable wire fact: a kind, a key (what it is) and its value (what must match).</summary>
public sealed record WireFact(string Kind, string Key, string Value)
{
    public override string ToString() => $"{Kind} {Key} = {Value}";
}

/// <summary>Reads wire facts from our compiled descriptors and from the fact tables, in the same shape.</summary>
public static class WireFacts
{
    public static IReadOnlyList<FileDescriptor> OurFiles =>
    [
        MilvusPS.Protocol.CommonReflection.Descriptor,
        MilvusPS.Protocol.SchemaReflection.Descriptor,
        MilvusPS.Protocol.RgReflection.Descriptor,
        MilvusPS.Protocol.FederReflection.Descriptor,
        MilvusPS.Protocol.Msg.MsgReflection.Descriptor,
        MilvusPS.Protocol.MilvusReflection.Descriptor,
        MilvusPS.Protocol.Tokenizer.TokenizerReflection.Descriptor,
    ];

    public static IEnumerable<WireFact> FromDescriptors(IEnumerable<FileDescriptor> files)
    {
        foreach (var file in files)
        {
            foreach (var message in file.MessageTypes.SelectMany(Flatten))
            {
                yield return new WireFact("message", message.FullName, message.Fields.InDeclarationOrder().Count.ToString());
                foreach (var f in message.Fields.InDeclarationOrder())
                {
                    string type, label;
                    if (f.IsMap)
                    {
                        var key = f.MessageType.FindFieldByNumber(1);
                        var value = f.MessageType.FindFieldByNumber(2);
                        type = TypeName(value);
                        label = $"map<{TypeName(key)},{TypeName(value)}>";
                    }
                    else
                    {
                        type = TypeName(f);
                        label = f.IsRepeated ? "repeated" : "optional";
                    }
                    var oneof = f.RealContainingOneof?.Name ?? string.Empty;
                    var proto3Optional = f.ContainingOneof is { IsSynthetic: true } ? "yes" : string.Empty;
                    yield return new WireFact("field", $"{message.FullName}.{f.Name}", $"{f.FieldNumber}|{type}|{label}|{oneof}|{proto3Optional}");
                }
            }
            foreach (var e in file.EnumTypes.Concat(file.MessageTypes.SelectMany(Flatten).SelectMany(m => m.EnumTypes)))
                foreach (var v in e.Values)
                    yield return new WireFact("enum", $"{e.FullName}.{v.Name}", v.Number.ToString());
            foreach (var service in file.Services)
                foreach (var m in service.Methods)
                {
                    var kind = m.IsClientStreaming && m.IsServerStreaming ? "bidi" : m.IsServerStreaming ? "server" : m.IsClientStreaming ? "client" : string.Empty;
                    yield return new WireFact("rpc", $"/{service.FullName}/{m.Name}", $"{m.InputType.FullName}|{m.OutputType.FullName}|{kind}");
                }
        }
    }

    public static IEnumerable<WireFact> FromTables(string folder)
    {
        foreach (var row in Read(Path.Combine(folder, "message-index.tsv")))
            yield return new WireFact("message", row["message"], row["field_count"]);
        foreach (var row in Read(Path.Combine(folder, "messages.tsv")))
        {
            var label = row["label"];
            yield return new WireFact("field", $"{row["message"]}.{row["field"]}",
                $"{row["number"]}|{row["type"]}|{label}|{row["oneof"]}|{row["proto3_optional"]}");
        }
        foreach (var row in Read(Path.Combine(folder, "enums.tsv")))
            yield return new WireFact("enum", $"{row["enum"]}.{row["value"]}", row["number"]);
        foreach (var row in Read(Path.Combine(folder, "rpcs.tsv")))
            yield return new WireFact("rpc", row["grpc_path"], $"{row["request_type"]}|{row["response_type"]}|{row["streaming_kind"]}");
    }

    /// <summary>Everything we declare that the tables do not have, or have differently; and what the tables have that we lack.</summary>
    public static (List<string> Mismatches, List<string> Missing) Compare(IEnumerable<WireFact> ours, IEnumerable<WireFact> table)
    {
        var expected = new Dictionary<string, WireFact>();
        foreach (var t in table) expected[$"{t.Kind} {t.Key}"] = t;
        var mismatches = new List<string>();
        var seen = new HashSet<string>();
        foreach (var o in ours)
        {
            var key = $"{o.Kind} {o.Key}";
            seen.Add(key);
            if (!expected.TryGetValue(key, out var t)) mismatches.Add($"{key}: declared by us, not in the wire tables");
            else if (t.Value != o.Value) mismatches.Add($"{key}: ours {o.Value}, tables {t.Value}");
        }
        var missing = expected.Keys.Where(k => !seen.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return (mismatches, missing);
    }

    private static IEnumerable<MessageDescriptor> Flatten(MessageDescriptor m) =>
        // Map entry types are synthetic; the tables do not list them.
        m.GetOptions()?.MapEntry == true ? [] : new[] { m }.Concat(m.NestedTypes.SelectMany(Flatten));

    private static string TypeName(FieldDescriptor f) => f.FieldType switch
    {
        FieldType.Message => f.MessageType.FullName,
        FieldType.Enum => f.EnumType.FullName,
        FieldType.Double => "double",
        FieldType.Float => "float",
        FieldType.Int64 => "int64",
        FieldType.UInt64 => "uint64",
        FieldType.Int32 => "int32",
        FieldType.Fixed64 => "fixed64",
        FieldType.Fixed32 => "fixed32",
        FieldType.Bool => "bool",
        FieldType.String => "string",
        FieldType.Bytes => "bytes",
        FieldType.UInt32 => "uint32",
        FieldType.SFixed32 => "sfixed32",
        FieldType.SFixed64 => "sfixed64",
        FieldType.SInt32 => "sint32",
        FieldType.SInt64 => "sint64",
        _ => f.FieldType.ToString().ToLowerInvariant(),
    };

    private static IEnumerable<Dictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()!.Split('\t');
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            var cells = line.Split('\t');
            yield return header.Select((h, i) => (h, v: i < cells.Length ? cells[i] : string.Empty)).ToDictionary(x => x.h, x => x.v);
        }
    }
}
