namespace MilvusPS.Emulator.Text;

/// <summary>
/// Stop word lists. An entry of the form <c>_language_</c> names a built-in list; any other entry is a word.
/// Only <c>_english_</c> ships with the emulator (the list Milvus's english analyzer always removes); the other
/// Snowball lists Milvus knows are refused rather than silently treated as words.
/// </summary>
internal static class StopWords
{
    /// <summary>Milvus's English list (tantivy-binding stop_words.rs ENGLISH, Lucene's classic English set).</summary>
    public static readonly IReadOnlyList<string> English =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
        "they", "this", "to", "was", "will", "with",
    ];

    private static readonly HashSet<string> ListsNotShipped = new(StringComparer.Ordinal)
    {
        "_chinese_", "_danish_", "_dutch_", "_finnish_", "_french_", "_german_", "_hungarian_", "_italian_",
        "_norwegian_", "_portuguese_", "_russian_", "_spanish_", "_swedish_",
    };

    /// <summary>The words an option list stands for, with <c>_english_</c> expanded.</summary>
    public static List<string> Expand(IEnumerable<string> entries)
    {
        var words = new List<string>();
        foreach (var entry in entries)
        {
            if (entry == "_english_") words.AddRange(English);
            else if (ListsNotShipped.Contains(entry)) throw AnalyzerConfigException.NotEmulated($"stop words list {entry}");
            else words.Add(entry);
        }
        return words;
    }
}
