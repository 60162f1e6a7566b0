// The official Node.js SDK against the server (the emulator unless MILVUS_URI is set). Every expectation here
// holds on a real Milvus: results are checked against brute force computed in this file, errors by the codes
// and texts Milvus sends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, RRFRanker } from '@zilliz/milvus2-sdk-node';
import { connect, unique } from './endpoint.mjs';

let client;
let stop;
before(async () => ({ client, stop } = await connect()));
after(async () => stop?.());

const ok = status => assert.equal(status.error_code ?? status.status?.error_code, 'Success', JSON.stringify(status));
const dim = 8;
const rng = seed => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

async function books(rows) {
  const name = unique('node_books');
  ok(await client.createCollection({
    collection_name: name,
    consistency_level: 'Strong',
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'title', data_type: DataType.VarChar, max_length: 64 },
      { name: 'year', data_type: DataType.Int32 },
      { name: 'price', data_type: DataType.Double },
      { name: 'available', data_type: DataType.Bool },
      { name: 'meta', data_type: DataType.JSON },
      { name: 'tags', data_type: DataType.Array, element_type: DataType.VarChar, max_capacity: 4, max_length: 16 },
      { name: 'v', data_type: DataType.FloatVector, dim },
    ],
  }));
  const next = rng(7);
  const data = Array.from({ length: rows }, (_, i) => ({
    id: i + 1,
    title: `book ${i + 1}`,
    year: 1950 + i,
    price: Math.round(next() * 10000) / 100,
    available: i % 2 === 0,
    meta: { n: i + 1, odd: (i + 1) % 2 === 1 },
    tags: i % 3 === 0 ? ['three'] : ['x', 'y'],
    v: Array.from({ length: dim }, () => next()),
  }));
  const inserted = await client.insert({ collection_name: name, data });
  ok(inserted.status);
  assert.equal(Number(inserted.insert_cnt), rows);
  ok(await client.createIndex({ collection_name: name, field_name: 'v', index_type: 'FLAT', metric_type: 'L2' }));
  ok(await client.loadCollectionSync({ collection_name: name }));
  return { name, data };
}

const l2 = (a, b) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);

test('insert (which sends update_timestamp_str back as schema_timestamp), count and query round-trip every value', async () => {
  const { name, data } = await books(30);
  const count = await client.count({ collection_name: name });
  ok(count.status);
  assert.equal(count.data, 30);

  const rows = await client.query({ collection_name: name, filter: 'year >= 1975 and meta["odd"] == true', output_fields: ['id', 'title', 'year', 'price', 'available', 'meta', 'tags'], limit: 100 });
  ok(rows.status);
  const expected = data.filter(r => r.year >= 1975 && r.meta.odd);
  assert.deepEqual(rows.data.map(r => Number(r.id)).sort((a, b) => a - b), expected.map(r => r.id));
  for (const row of rows.data) {
    const source = data.find(r => r.id === Number(row.id));
    assert.equal(row.title, source.title);
    assert.equal(row.year, source.year);
    assert.ok(Math.abs(row.price - source.price) < 1e-9);
    assert.equal(row.available, source.available);
    assert.deepEqual(row.meta, source.meta);
    assert.deepEqual(row.tags, source.tags);
  }

  const byId = await client.get({ collection_name: name, ids: [3, 4], output_fields: ['title'] });
  ok(byId.status);
  assert.deepEqual(byId.data.map(r => r.title).sort(), ['book 3', 'book 4']);
  await client.dropCollection({ collection_name: name });
});

test('search returns the brute-force L2 neighbours, nearest first, with the filter applied', async () => {
  const { name, data } = await books(40);
  const query = data[5].v.map(x => x + 0.01);
  const res = await client.search({ collection_name: name, data: query, limit: 5, filter: 'id > 3', output_fields: ['id', 'title'] });
  ok(res.status);
  const expected = data.filter(r => r.id > 3).map(r => ({ id: r.id, d: l2(query, r.v) })).sort((a, b) => a.d - b.d).slice(0, 5);
  assert.deepEqual(res.results.map(h => Number(h.id)), expected.map(e => e.id));
  res.results.forEach((h, i) => assert.ok(Math.abs(h.score - expected[i].d) < 1e-4, `${h.score} vs ${expected[i].d}`));
  assert.equal(res.results[0].title, `book ${expected[0].id}`);

  const two = await client.search({ collection_name: name, data: [data[0].v, data[9].v], limit: 1, output_fields: ['id'] });
  ok(two.status);
  assert.deepEqual(two.results.map(r => Number(r[0].id)), [1, 10]);
  await client.dropCollection({ collection_name: name });
});

test('upsert replaces, delete by filter removes, and the count follows', async () => {
  const { name, data } = await books(10);
  const upserted = await client.upsert({ collection_name: name, data: [{ ...data[0], title: 'replaced' }, { ...data[1], id: 100, title: 'new' }] });
  ok(upserted.status);
  assert.equal(Number(upserted.upsert_cnt), 2);
  const deleted = await client.delete({ collection_name: name, filter: 'id in [2, 3]' });
  ok(deleted.status);
  assert.equal(Number(deleted.delete_cnt), 2);
  assert.equal((await client.count({ collection_name: name })).data, 9);
  const titles = await client.query({ collection_name: name, filter: 'id in [1, 100]', output_fields: ['title'] });
  assert.deepEqual(titles.data.map(r => r.title).sort(), ['new', 'replaced']);
  await client.dropCollection({ collection_name: name });
});

test('describeCollection: partitions counted, update timestamp in decimal, a missing collection as the proxy words it', async () => {
  const { name } = await books(2);
  const d = await client.describeCollection({ collection_name: name });
  ok(d.status);
  // Set from 2.5.12 on (empty before): the update timestamp in decimal, which the SDK sends back with every insert.
  if (d.update_timestamp_str) assert.equal(d.update_timestamp_str, String(d.update_timestamp));
  assert.equal(Number(d.num_partitions), 1);
  assert.equal(d.consistency_level, 'Strong');

  const missing = unique('node_missing');
  const gone = await client.describeCollection({ collection_name: missing });
  assert.equal(gone.status.code, 100);
  assert.equal(gone.status.reason, `can't find collection[database=default][collection=${missing}]`);
  await client.dropCollection({ collection_name: name });
});

test('bad requests fail with Milvus codes: a filter that does not parse, a search on a released collection', async () => {
  const { name } = await books(3);
  const bad = await client.query({ collection_name: name, filter: 'year >', limit: 1 });
  assert.equal(bad.status.code, 1100);
  assert.match(bad.status.reason, /cannot parse expression: year >/);

  ok(await client.releaseCollection({ collection_name: name }));
  const released = await client.search({ collection_name: name, data: Array(dim).fill(0.5), limit: 1 });
  assert.equal(released.status.code, 101);
  await client.dropCollection({ collection_name: name });
});

test('BM25 full-text search and RRF hybrid search: fused scores are the sums of 1/(k + rank)', async () => {
  const name = unique('node_text');
  ok(await client.createCollection({
    collection_name: name,
    consistency_level: 'Strong',
    fields: [
      { name: 'id', data_type: DataType.VarChar, is_primary_key: true, max_length: 16 },
      { name: 'text', data_type: DataType.VarChar, max_length: 256, enable_analyzer: true },
      { name: 'dense', data_type: DataType.FloatVector, dim: 4 },
      { name: 'sparse', data_type: DataType.SparseFloatVector },
    ],
    functions: [{ name: 'bm25', type: 1, input_field_names: ['text'], output_field_names: ['sparse'], params: {} }],
  }));
  const docs = ['milvus is a vector database', 'powershell automates milvus', 'vectors and databases', 'cats and dogs', 'milvus milvus milvus'];
  ok((await client.insert({ collection_name: name, data: docs.map((t, i) => ({ id: `d${i}`, text: t, dense: [i / 5, 1 - i / 5, 0.3, 0.1] })) })).status);
  ok(await client.createIndex({ collection_name: name, field_name: 'dense', index_type: 'FLAT', metric_type: 'L2' }));
  ok(await client.createIndex({ collection_name: name, field_name: 'sparse', index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'BM25' }));
  ok(await client.loadCollectionSync({ collection_name: name }));

  const text = await client.search({ collection_name: name, data: ['milvus'], anns_field: 'sparse', limit: 5, output_fields: ['id'] });
  ok(text.status);
  assert.deepEqual(text.results.map(h => h.id).sort(), ['d0', 'd1', 'd4']);
  assert.equal(text.results[0].id, 'd4'); // three occurrences beat one

  const dense = [0.1, 0.9, 0.3, 0.1];
  const a = await client.search({ collection_name: name, data: dense, anns_field: 'dense', limit: 5, output_fields: ['id'] });
  const b = await client.search({ collection_name: name, data: ['milvus database'], anns_field: 'sparse', limit: 5, output_fields: ['id'] });
  const fused = new Map();
  for (const list of [a.results, b.results]) list.forEach((h, rank) => fused.set(h.id, (fused.get(h.id) ?? 0) + 1 / (60 + rank + 1)));
  const hybrid = await client.hybridSearch({
    collection_name: name,
    // Each route's own limit: its candidates are what the fusion ranks.
    data: [{ data: dense, anns_field: 'dense', limit: 5 }, { data: 'milvus database', anns_field: 'sparse', limit: 5 }],
    rerank: RRFRanker(60),
    limit: 3,
    output_fields: ['id'],
  });
  ok(hybrid.status);
  const expected = [...fused.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3);
  hybrid.results.forEach((h, i) => assert.ok(Math.abs(h.score - fused.get(h.id)) < 1e-6 && Math.abs(h.score - expected[i][1]) < 1e-6, JSON.stringify(hybrid.results)));
  await client.dropCollection({ collection_name: name });
});

test('the SDK iterators: every row once through queryIterator, hits nearest first through searchIterator', async () => {
  const { name, data } = await books(25);
  const queried = [];
  for await (const batch of await client.queryIterator({ collection_name: name, batchSize: 7, expr: 'id > 0', output_fields: ['id'] })) queried.push(...batch.map(r => Number(r.id)));
  assert.deepEqual(queried.sort((x, y) => x - y), data.map(r => r.id));

  const query = data[0].v;
  const hits = [];
  for await (const batch of await client.searchIterator({ collection_name: name, batchSize: 6, data: query, anns_field: 'v', limit: 20, output_fields: ['id'] })) hits.push(...batch);
  assert.equal(hits.length, 20);
  assert.equal(new Set(hits.map(h => String(h.id))).size, 20);
  const expected = data.map(r => ({ id: r.id, d: l2(query, r.v) })).sort((x, y) => x.d - y.d).slice(0, 20);
  assert.deepEqual(hits.map(h => Number(h.id)), expected.map(e => e.id));
  await client.dropCollection({ collection_name: name });
});

test('auto ids, nullable and default values, dynamic fields, array and template filters, partitions', async () => {
  const name = unique('node_fields');
  ok(await client.createCollection({
    collection_name: name,
    consistency_level: 'Strong',
    enable_dynamic_field: true,
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: true },
      { name: 'cat', data_type: DataType.VarChar, max_length: 16, nullable: true },
      { name: 'score', data_type: DataType.Float, default_value: 1.5 },
      { name: 'nums', data_type: DataType.Array, element_type: DataType.Int64, max_capacity: 5 },
      { name: 'v', data_type: DataType.FloatVector, dim: 2 },
    ],
    index_params: [{ field_name: 'v', index_type: 'FLAT', metric_type: 'COSINE' }],
  }));
  ok(await client.createPartition({ collection_name: name, partition_name: 'p1' }));
  const inserted = await client.insert({ collection_name: name, data: [
    { cat: 'a', score: 2, nums: [1, 2], v: [1, 0], extra: 'x' },
    { cat: null, nums: [3], v: [0, 1], extra: 'y' },
    { cat: 'b', score: 3, nums: [], v: [0.6, 0.8] },
  ] });
  ok(inserted.status);
  const ids = inserted.IDs.int_id.data.map(String);
  assert.equal(new Set(ids).size, 3);
  ok((await client.insert({ collection_name: name, partition_name: 'p1', data: [{ cat: 'p', score: 4, nums: [9], v: [0.8, 0.6] }] })).status);
  ok(await client.loadCollectionSync({ collection_name: name }));

  const nulls = await client.query({ collection_name: name, filter: 'cat is null', output_fields: ['cat', 'score'], limit: 10 });
  assert.deepEqual(nulls.data.map(r => [String(r.id), r.cat, r.score]), [[ids[1], null, 1.5]]);

  const arrays = await client.query({ collection_name: name, filter: 'array_contains(nums, 3) or array_length(nums) == 0', output_fields: ['nums'], limit: 10 });
  assert.deepEqual(arrays.data.map(r => String(r.id)).sort(), [ids[1], ids[2]].sort());

  const dynamic = await client.query({ collection_name: name, filter: 'extra == "x"', output_fields: ['extra'], limit: 10 });
  assert.deepEqual(dynamic.data.map(r => r.$meta?.extra ?? r.extra), ['x']);

  const templated = await client.query({ collection_name: name, filter: 'cat in {cats}', exprValues: { cats: ['a', 'p'] }, output_fields: ['cat'], limit: 10 });
  assert.deepEqual(templated.data.map(r => r.cat).sort(), ['a', 'p']);

  const inP1 = await client.search({ collection_name: name, partition_names: ['p1'], data: [1, 0], limit: 5, output_fields: ['cat'] });
  assert.deepEqual(inP1.results.map(h => h.cat), ['p']);
  assert.ok(Math.abs(inP1.results[0].score - 0.8) < 1e-5);

  // COSINE range search keeps radius < similarity <= range_filter.
  const range = await client.search({ collection_name: name, data: [1, 0], limit: 5, params: { radius: 0.7, range_filter: 0.9 }, output_fields: ['cat'] });
  assert.deepEqual(range.results.map(h => h.cat), ['p']);

  // One best hit per group, groups in score order; the null category is a group of its own.
  const grouped = await client.search({ collection_name: name, data: [1, 0], limit: 5, group_by_field: 'cat', output_fields: ['cat'] });
  assert.deepEqual(grouped.results.map(h => h.cat), ['a', 'p', 'b', null]);
  await client.dropCollection({ collection_name: name });
});

test('segment information: flushed segments are persistent, loaded ones are served', async () => {
  const { name } = await books(12);
  ok((await client.flushSync({ collection_names: [name] })).status);
  const persistent = await client.getPersistentSegmentInfo({ collectionName: name });
  ok(persistent.status);
  assert.equal(persistent.infos.reduce((n, s) => n + Number(s.num_rows), 0), 12);
  assert.ok(persistent.infos.every(s => s.state === 'Flushed'), JSON.stringify(persistent.infos));

  // Loaded before the flush: querycoord serves the sealed segments once they are handed off.
  let served;
  for (let i = 0; i < 60; i++) {
    served = await client.getQuerySegmentInfo({ collectionName: name });
    ok(served.status);
    if (served.infos.reduce((n, s) => n + Number(s.num_rows), 0) === 12) break;
    await new Promise(r => setTimeout(r, 500));
  }
  assert.equal(served.infos.reduce((n, s) => n + Number(s.num_rows), 0), 12);
  assert.ok(served.infos.every(s => s.state === 'Sealed' && s.nodeIds.length >= 1), JSON.stringify(served.infos));
  await client.dropCollection({ collection_name: name });
});

test('index search parameters are checked where an index serves the search: HNSW ef below k', async () => {
  const name = unique('node_hnsw');
  ok(await client.createCollection({
    collection_name: name,
    consistency_level: 'Strong',
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'v', data_type: DataType.FloatVector, dim: 4 },
    ],
  }));
  const next = rng(11);
  ok((await client.insert({ collection_name: name, data: Array.from({ length: 50 }, (_, i) => ({ id: i, v: [next(), next(), next(), next()] })) })).status);
  ok((await client.flushSync({ collection_names: [name] })).status);
  ok(await client.createIndex({ collection_name: name, field_name: 'v', index_type: 'HNSW', metric_type: 'L2', params: { M: 8, efConstruction: 64 } }));
  ok(await client.loadCollectionSync({ collection_name: name }));

  const refused = await client.search({ collection_name: name, data: [0.5, 0.5, 0.5, 0.5], limit: 10, params: { ef: 1 } });
  assert.equal(refused.status.code, 65535);
  assert.match(refused.status.reason, /ef\(1\) should be larger than k\(10\)/);
  const fine = await client.search({ collection_name: name, data: [0.5, 0.5, 0.5, 0.5], limit: 10, params: { ef: 10 } });
  ok(fine.status);
  assert.equal(fine.results.length, 10);
  await client.dropCollection({ collection_name: name });
});

test('databases, aliases, rename and collection properties', async () => {
  const db = unique('node_db');
  ok(await client.createDatabase({ db_name: db }));
  assert.ok((await client.listDatabases()).db_names.includes(db));
  const described = await client.describeDatabase({ db_name: db });
  ok(described.status);
  assert.equal(described.db_name, db);

  const { name } = await books(3);
  const alias = unique('node_alias');
  ok(await client.createAlias({ collection_name: name, alias }));
  assert.deepEqual((await client.listAliases({ collection_name: name })).aliases, [alias]);
  // The alias reads like the collection.
  assert.equal((await client.count({ collection_name: alias })).data, 3);
  const refused = await client.dropCollection({ collection_name: name });
  assert.equal(refused.code, 65535);
  assert.equal(refused.reason, `unable to drop the collection [${name}] because it has associated aliases [${alias}], please remove all aliases before dropping the collection`);
  assert.equal((await client.dropPartition({ collection_name: name, partition_name: '_default' })).reason, 'default partition cannot be deleted');

  ok(await client.alterCollectionProperties({ collection_name: name, properties: { 'collection.ttl.seconds': 3600 } }));
  const props = (await client.describeCollection({ collection_name: name })).properties;
  assert.ok(props.some(p => p.key === 'collection.ttl.seconds' && p.value === '3600'), JSON.stringify(props));

  ok(await client.dropAlias({ alias }));
  ok(await client.releaseCollection({ collection_name: name }));
  const renamed = `${name}_r`;
  ok(await client.renameCollection({ collection_name: name, new_collection_name: renamed }));
  assert.equal((await client.hasCollection({ collection_name: name })).value, false);
  assert.equal((await client.hasCollection({ collection_name: renamed })).value, true);
  ok(await client.dropCollection({ collection_name: renamed }));
  ok(await client.dropDatabase({ db_name: db }));
});
