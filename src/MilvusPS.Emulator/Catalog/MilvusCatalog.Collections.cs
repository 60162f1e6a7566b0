using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Catalog;

// Collections: create, drop, rename, alter, add field, truncate.
public sealed partial class MilvusCatalog
{
    public CollectionEntry CreateCollection(string db, string name, CollectionSchema schema, int shardsNum, ConsistencyLevel consistency,
        IEnumerable<KeyValuePair<string, string>> properties, long numPartitions)
    {
        var props = properties.ToList();
        if (shardsNum <= 0) shardsNum = 1; // common.DefaultShardsNum
        var stored = SchemaValidator.ValidateNew(schema, name, ref numPartitions, shardsNum, Version);
        SchemaValidator.ValidateCollectionProperties(props);
        lock (_gate)
        {
            var database = GetDatabaseLocked(db);
            if (database.Aliases.ContainsKey(name))
                // unverified text (operations.tsv: "from memory"); rootcoord returns a plain error.
                throw MilvusError.Plain($"collection name [{name}] conflicts with an existing alias, please choose a unique name");
            if (FindByName(db, name) is { } existing)
            {
                // rootcoord: the same request twice is idempotent; a different schema is refused.
                if (SameSchema(existing.Schema, stored) && existing.ShardsNum == shardsNum) return existing;
                // unverified text
                throw MilvusError.Plain($"create duplicate collection with different parameters, collection: {name}");
            }
            // unverified text (quotaAndLimits.limits.maxCollectionNum = 65536)
            if (_collections.Count >= 65536) throw MilvusError.Of("CollectionNumLimitExceeded").Wrap("failed checking constraint: sum_collections");

            var created = Tso.AllocOne();
            var c = new CollectionEntry(NewId(), name, database.Id, db, stored, created)
            {
                ShardsNum = shardsNum,
                ConsistencyLevel = consistency,
                Properties = PropertyList.From(props),
                NumPartitions = numPartitions,
            };
            if (numPartitions > 0)
                for (var i = 0; i < numPartitions; i++) c.Partitions.Add(new PartitionEntry(NewId(), $"{DefaultPartitionName}_{i}", created));
            else
                c.Partitions.Add(new PartitionEntry(NewId(), DefaultPartitionName, created));
            _collections[c.Id] = c;
            Save(c);
            return c;
        }
    }

    private static bool SameSchema(CollectionSchema a, CollectionSchema b)
    {
        if (a.Fields.Count != b.Fields.Count || a.EnableDynamicField != b.EnableDynamicField) return false;
        for (var i = 0; i < a.Fields.Count; i++)
        {
            var x = a.Fields[i].Clone();
            var y = b.Fields[i].Clone();
            x.Description = y.Description = string.Empty;
            if (!x.Equals(y)) return false;
        }
        return true;
    }

    /// <summary>Idempotent for a missing collection (2.4+ rootcoord); refuses an alias name and a collection that still has aliases.</summary>
    public void DropCollection(string db, string name)
    {
        Names.ValidateCollectionName(name);
        lock (_gate)
        {
            var database = GetDatabaseLocked(db);
            if (database.Aliases.ContainsKey(name))
                // unverified text (rootcoord dropCollectionTask, from memory)
                throw MilvusError.Plain($"cannot drop the collection via alias = {name}");
            var c = FindByName(db, name);
            if (c is null) return;
            var aliases = database.Aliases.Where(a => a.Value == c.Id).Select(a => a.Key).ToArray();
            if (aliases.Length > 0)
                // Verified (2.6 rootcoord drop collection; 2.4+ has the check): Go's %v of a []string.
                throw MilvusError.Plain($"unable to drop the collection [{name}] because it has associated aliases [{string.Join(' ', aliases)}], please remove all aliases before dropping the collection");
            _collections.Remove(c.Id);
            _journal.Append(CatalogRecord.DeleteCollection(c.Id));
            DataHooks?.CollectionDropped(c);
        }
    }

    public void RenameCollection(string db, string oldName, string newName, string? newDb)
    {
        var targetDb = string.IsNullOrEmpty(newDb) ? db : newDb;
        Names.ValidateCollectionName(oldName);
        Names.ValidateCollectionName(newName);
        lock (_gate)
        {
            var source = GetDatabaseLocked(db);
            var target = GetDatabaseLocked(targetDb);
            if (source.Aliases.ContainsKey(oldName))
                // unverified text
                throw MilvusError.Plain($"unsupported use an alias to rename collection, alias:{oldName}");
            var c = FindByName(db, oldName) ?? throw CollectionNotFound(db, oldName);
            if (FindByName(targetDb, newName) is not null || target.Aliases.ContainsKey(newName))
                // unverified text (operations.tsv: "duplicated new collection name")
                throw MilvusError.Plain($"duplicated new collection name {newName} in database {targetDb} with other collection name or alias");
            if (targetDb != db && source.Aliases.Any(a => a.Value == c.Id))
                // unverified text
                throw MilvusError.Plain($"fail to rename collection, there are aliases of collection {oldName} in database {db}, please drop them first");
            c.Name = newName;
            c.DbName = targetDb;
            c.DbId = target.Id;
            c.Schema.Name = newName;
            Save(c);
        }
    }

    /// <summary>The mmap/lazyload keys a loaded collection refuses to change (operations.tsv).</summary>
    private static bool IsMmapKey(string key) => key is "mmap.enabled" or "lazyload.enabled" || key.StartsWith("warmup", StringComparison.Ordinal);

    public CollectionEntry AlterCollection(string db, string name, IEnumerable<KeyValuePair<string, string>> properties, IEnumerable<string> deleteKeys)
    {
        var props = properties.ToList();
        var keys = deleteKeys.ToList();
        if (props.Count > 0 && keys.Count > 0)
            // unverified text
            throw MilvusError.ParameterInvalidMsg("cannot provide both DeleteKeys and ExtraParams");
        SchemaValidator.ValidateCollectionProperties(props);
        lock (_gate)
        {
            var c = Require(db, name);
            if (c.LoadKind != LoadKind.None)
            {
                // Texts from operations.tsv (high confidence rule; texts unverified).
                if (props.Any(p => IsMmapKey(p.Key))) throw MilvusError.Plain("can not alter mmap properties if collection loaded");
                if (keys.Any(IsMmapKey)) throw MilvusError.Plain("can not delete mmap properties if collection loaded");
            }
            foreach (var (k, v) in props)
            {
                if (k == "dynamicfield.enabled")
                {
                    // 2.6: dynamic field can be switched on, never off (operations.tsv; text unverified).
                    var on = string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
                    if (!on && c.Schema.EnableDynamicField) throw MilvusError.ParameterInvalidMsg("dynamic schema cannot supported to be disabled");
                    if (on && !c.Schema.EnableDynamicField)
                    {
                        c.Schema.EnableDynamicField = true;
                        c.Schema.Fields.Add(new FieldSchema { FieldID = NextFieldId(c), Name = SchemaValidator.DynamicFieldName, DataType = DataType.Json, IsDynamic = true, Description = "dynamic schema" });
                    }
                    continue;
                }
                c.Properties.Set(k, v);
            }
            foreach (var k in keys) c.Properties.Remove(k);
            Save(c);
            return c;
        }
    }

    private static long NextFieldId(CollectionEntry c) => Math.Max(SchemaValidator.FirstFieldId, c.Schema.Fields.Max(f => f.FieldID) + 1);

    public CollectionEntry AlterCollectionField(string db, string name, string fieldName, IEnumerable<KeyValuePair<string, string>> properties, IEnumerable<string> deleteKeys)
    {
        var props = properties.ToList();
        var keys = deleteKeys.ToList();
        lock (_gate)
        {
            var c = Require(db, name);
            var field = c.FindField(fieldName);
            if (field is null || field.IsDynamic) throw MilvusError.Of("FieldNotFound", ("field", fieldName));
            foreach (var (k, v) in props)
            {
                switch (k)
                {
                    case "max_length":
                        if (field.DataType != DataType.VarChar && !(field.DataType == DataType.Array && field.ElementType == DataType.VarChar))
                            // unverified text
                            throw MilvusError.ParameterInvalidMsg($"{k} can only be altered on VarChar fields, field {fieldName} is {SchemaValidator.ProtoName(field.DataType)}");
                        var probe = new FieldSchema { Name = fieldName, DataType = DataType.VarChar };
                        probe.TypeParams.Add(new MilvusPS.Protocol.KeyValuePair { Key = k, Value = v });
                        SchemaValidator.ValidateMaxLength(probe, c.Name);
                        SetTypeParam(field, k, v);
                        break;
                    case "max_capacity" when Version >= new MilvusVersion(2, 6, 0) && field.DataType == DataType.Array:
                        SetTypeParam(field, k, v);
                        break;
                    case "mmap.enabled":
                        if (c.LoadKind != LoadKind.None) throw MilvusError.Plain("can not alter mmap properties if collection loaded");
                        SetTypeParam(field, k, v);
                        break;
                    case "field.description":
                        field.Description = v;
                        break;
                    default:
                        // unverified text
                        throw MilvusError.ParameterInvalidMsg($"{k} is not allowed to alter for field {fieldName}");
                }
            }
            foreach (var k in keys)
                if (field.TypeParams.FirstOrDefault(p => p.Key == k) is { } p && k is "mmap.enabled")
                    field.TypeParams.Remove(p);
            Save(c);
            return c;
        }
    }

    private static void SetTypeParam(FieldSchema field, string key, string value)
    {
        var existing = field.TypeParams.FirstOrDefault(p => p.Key == key);
        if (existing is not null) existing.Value = value;
        else field.TypeParams.Add(new MilvusPS.Protocol.KeyValuePair { Key = key, Value = value });
    }

    /// <summary>AddCollectionField (2.6): a nullable scalar (vectors only from 2.6.18) with the next field id.</summary>
    public CollectionEntry AddCollectionField(string db, string name, FieldSchema field)
    {
        SchemaValidator.StripUnknownFields(field, Version);
        lock (_gate)
        {
            var c = Require(db, name);
            // unverified texts below (operations.tsv rule: "new field must be nullable").
            if (field.IsPrimaryKey || field.AutoID) throw MilvusError.ParameterInvalidMsg("not support to add pk field");
            if (field.IsPartitionKey) throw MilvusError.ParameterInvalidMsg("not support to add partition key field");
            if (field.IsClusteringKey) throw MilvusError.ParameterInvalidMsg("not support to add clustering key field");
            if (SchemaValidator.IsVector(field.DataType) && Version < new MilvusVersion(2, 6, 18))
                throw MilvusError.ParameterInvalidMsg("not support to add vector field, field name = " + field.Name);
            if (!field.Nullable) throw MilvusError.ParameterInvalidMsg($"added field must be nullable, please check it, field name = {field.Name}");
            SchemaValidator.ValidateField(field, c.Name, Version, isNew: true);
            SchemaValidator.ValidateAnalyzer(c.Schema, field, Version);
            if (c.Schema.Fields.Any(f => f.Name == field.Name)) throw MilvusError.ParameterInvalidMsg($"duplicated field name {field.Name} found");
            if (c.Schema.Fields.Count(f => !f.IsDynamic) >= SchemaValidator.MaxFieldNum)
                throw MilvusError.ParameterInvalidMsg($"maximum field's number should be limited to {SchemaValidator.MaxFieldNum}");
            if (SchemaValidator.IsVector(field.DataType) && c.Schema.Fields.Count(f => SchemaValidator.IsVector(f.DataType)) >= SchemaValidator.MaxVectorFieldNum)
                throw MilvusError.ParameterInvalidMsg($"maximum vector field's number should be limited to {SchemaValidator.MaxVectorFieldNum}");
            var added = field.Clone();
            added.FieldID = NextFieldId(c);
            added.State = FieldState.FieldCreated;
            c.Schema.Fields.Add(added);
            c.Schema.Version++;
            Save(c);
            return c;
        }
    }

    /// <summary>TruncateCollection (2.6.11+): every entity goes, the schema stays.</summary>
    public void TruncateCollection(string db, string name)
    {
        lock (_gate)
        {
            var c = Require(db, name);
            DataHooks?.CollectionTruncated(c);
            c.RowCount = 0;
            Save(c);
        }
    }
}
