using System.Globalization;
using System.Text.RegularExpressions;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>The one place storage meets the filter engine (Query/FilterCompiler), and the simple-delete key extraction.</summary>
internal static partial class FilterBridge
{
    /// <summary>The compiled filter as a row predicate; null when the expression matches every row.</summary>
    public static Func<Query.IRowAccessor, bool>? Compile(string? expression, CollectionEntry c, IReadOnlyDictionary<string, TemplateValue>? templates, string errorContext)
    {
        var compiled = Query.FilterCompiler.Compile(expression, c.Schema, c.Schema.EnableDynamicField, templates, errorContext);
        return compiled.MatchesAll ? null : compiled.Evaluate;
    }

    /// <summary>
    /// The keys of a "simple" delete (proxy getPrimaryKeysFromPlan): <c>pk in [a, b, ...]</c> or <c>pk == a</c> on the
    /// primary key with literal values. Anything else is a complex delete (query, then delete what matched).
    /// </summary>
    public static List<PrimaryKey>? SimpleKeys(string expression, FieldSchema pk)
    {
        var m = InTerm().Match(expression);
        string[] items;
        if (m.Success && m.Groups["f"].Value == pk.Name)
            items = m.Groups["v"].Value.Trim().Length == 0 ? [] : SplitList(m.Groups["v"].Value);
        else if ((m = EqTerm().Match(expression)).Success && m.Groups["f"].Value == pk.Name)
            items = [m.Groups["v"].Value];
        else return null;
        var keys = new List<PrimaryKey>();
        foreach (var raw in items)
        {
            var item = raw.Trim();
            if (pk.DataType == DataType.VarChar)
            {
                if (item.Length < 2 || (item[0] != '"' && item[0] != '\'') || item[^1] != item[0]) return null;
                keys.Add(PrimaryKey.Of(Regex.Unescape(item[1..^1])));
            }
            else
            {
                if (!long.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return null;
                keys.Add(PrimaryKey.Of(v));
            }
        }
        return keys;
    }

    private static string[] SplitList(string text)
    {
        var parts = new List<string>();
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quote != '\0') { if (ch == '\\') i++; else if (ch == quote) quote = '\0'; continue; }
            if (ch is '"' or '\'') quote = ch;
            else if (ch == ',') { parts.Add(text[start..i]); start = i + 1; }
        }
        parts.Add(text[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToArray();
    }

    [GeneratedRegex(@"^\s*(?<f>[A-Za-z_][A-Za-z0-9_]*)\s+(?:in|IN)\s+\[(?<v>.*)\]\s*$", RegexOptions.Singleline)]
    private static partial Regex InTerm();

    [GeneratedRegex(@"^\s*(?<f>[A-Za-z_][A-Za-z0-9_]*)\s*==\s*(?<v>-?\d+|""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*')\s*$", RegexOptions.Singleline)]
    private static partial Regex EqTerm();
}
