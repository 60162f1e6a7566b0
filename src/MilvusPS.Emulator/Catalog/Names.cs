using MilvusPS.Emulator.Errors;

namespace MilvusPS.Emulator.Catalog;

/// <summary>
/// Milvus's name rules (proxy util.go): collection/alias, partition, field, database and index names.
/// ASCII letters only; length is in bytes and 255 is allowed.
/// </summary>
public static class Names
{
    public const int MaxNameLength = 255;

    /// <summary>common.FieldNameKeywords plus the reserved $meta (newer servers also reject these in any casing).</summary>
    private static readonly HashSet<string> FieldKeywords = new(StringComparer.Ordinal)
    {
        "$meta", "like", "exists", "EXISTS", "and", "or", "not", "in",
        "json_contains", "JSON_CONTAINS", "json_contains_all", "JSON_CONTAINS_ALL", "json_contains_any", "JSON_CONTAINS_ANY",
        "array_contains", "ARRAY_CONTAINS", "array_contains_all", "ARRAY_CONTAINS_ALL", "array_contains_any", "ARRAY_CONTAINS_ANY",
        "array_length", "ARRAY_LENGTH", "true", "True", "TRUE", "false", "False", "FALSE",
        "text_match", "TEXT_MATCH", "phrase_match", "PHRASE_MATCH", "random_sample", "RANDOM_SAMPLE",
    };

    private static bool IsAlpha(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
    private static bool IsDigit(char c) => c is >= '0' and <= '9';
    private static int ByteLength(string s) => System.Text.Encoding.UTF8.GetByteCount(s);

    /// <summary>validateCollectionNameOrAlias (verified, 2.4+ source): every failure is WrapErrParameterInvalidMsg.</summary>
    public static void ValidateCollectionName(string name, string entityType = "name")
    {
        var entity = name.Trim();
        if (entity.Length == 0) throw MilvusError.ParameterInvalidMsg($"collection {entityType} should not be empty");
        var invalid = $"Invalid collection {entityType}: {entity}. ";
        if (ByteLength(entity) > MaxNameLength)
            throw MilvusError.ParameterInvalidMsg($"{invalid} the length of a collection {entityType} must be less than {MaxNameLength} characters");
        if (entity[0] != '_' && !IsAlpha(entity[0]))
            throw MilvusError.ParameterInvalidMsg($"{invalid} the first character of a collection {entityType} must be an underscore or letter");
        for (var i = 1; i < entity.Length; i++)
            if (entity[i] != '_' && !IsAlpha(entity[i]) && !IsDigit(entity[i]))
                throw MilvusError.ParameterInvalidMsg($"{invalid} collection {entityType} can only contain numbers, letters and underscores");
    }

    public static void ValidateAlias(string alias) => ValidateCollectionName(alias, "alias");

    /// <summary>ValidateDatabaseName (verified texts): merr.WrapErrDatabaseNameInvalid(name, msg), code 802.</summary>
    public static void ValidateDatabaseName(string name)
    {
        static MilvusError Invalid(string db, string msg) => MilvusError.Of("DatabaseInvalidName", ("database", db)).Wrap(msg);
        // unverified text: the empty-name message ("database name couldn't be empty") is from memory.
        if (name.Length == 0) throw Invalid(name, "database name couldn't be empty");
        if (ByteLength(name) > MaxNameLength) throw Invalid(name, $"the length of a database name must be less than {MaxNameLength} characters");
        if (name[0] != '_' && !IsAlpha(name[0])) throw Invalid(name, "the first character of a database name must be an underscore or letter");
        for (var i = 1; i < name.Length; i++)
            if (name[i] != '_' && !IsAlpha(name[i]) && !IsDigit(name[i]))
                throw Invalid(name, "database name can only contain numbers, letters and underscores");
    }

    /// <summary>validatePartitionTag(strict) (verified, 2.5/2.6 source: '-' allowed after the first character).</summary>
    public static void ValidatePartitionName(string name)
    {
        var tag = name.Trim();
        var invalid = "Invalid partition name: " + tag + ". ";
        if (tag.Length == 0) throw MilvusError.ParameterInvalidMsg(invalid + "Partition name should not be empty.");
        if (ByteLength(tag) > MaxNameLength)
            throw MilvusError.ParameterInvalidMsg(invalid + $"The length of a partition name must be less than {MaxNameLength} characters.");
        if (tag[0] != '_' && !IsAlpha(tag[0]) && !IsDigit(tag[0]))
            throw MilvusError.ParameterInvalidMsg(invalid + "The first character of a partition name must be an underscore or letter.");
        for (var i = 1; i < tag.Length; i++)
            if (tag[i] != '_' && tag[i] != '-' && !IsAlpha(tag[i]) && !IsDigit(tag[i]))
                throw MilvusError.ParameterInvalidMsg(invalid + "Partition name can only contain numbers, letters and underscores.");
    }

    /// <summary>validateFieldName (verified): merr.WrapErrFieldNameInvalid(name, msg), code 1701.</summary>
    public static void ValidateFieldName(string name)
    {
        var field = name.Trim();
        static MilvusError Invalid(string f, string msg) => MilvusError.Of("FieldInvalidName", ("field", f)).Wrap(msg);
        if (field.Length == 0) throw Invalid(field, "field name should not be empty");
        var invalid = "Invalid field name: " + field + ". ";
        if (ByteLength(field) > MaxNameLength) throw Invalid(field, invalid + $"The length of a field name must be less than {MaxNameLength} characters.");
        if (field[0] != '_' && !IsAlpha(field[0])) throw Invalid(field, invalid + "The first character of a field name must be an underscore or letter.");
        for (var i = 1; i < field.Length; i++)
            if (field[i] != '_' && !IsAlpha(field[i]) && !IsDigit(field[i]))
                throw Invalid(field, invalid + "Field name can only contain numbers, letters, and underscores.");
        // unverified text: the keyword check's wording ("%s is keyword in milvus.") is from memory.
        if (FieldKeywords.Contains(field)) throw Invalid(field, $"{field} is keyword in milvus.");
    }

    /// <summary>validateIndexName: empty is allowed (the server picks a name).</summary>
    public static void ValidateIndexName(string name)
    {
        var index = name.Trim();
        if (index.Length == 0) return;
        // unverified text: wording from memory of validateIndexName; it returns plain errors (code 65535).
        var invalid = "Invalid index name: " + index + ". ";
        if (ByteLength(index) > MaxNameLength) throw MilvusError.Plain(invalid + $"The length of a index name must be less than {MaxNameLength} characters.");
        if (index[0] != '_' && !IsAlpha(index[0])) throw MilvusError.Plain(invalid + "The first character of a index name must be an underscore or letter.");
        for (var i = 1; i < index.Length; i++)
            if (index[i] != '_' && !IsAlpha(index[i]) && !IsDigit(index[i]))
                throw MilvusError.Plain(invalid + "Index name can only contain numbers, letters, and underscores.");
    }
}
