// Type-checked by `tsc --noEmit -p bindings-wasm/tests/tsconfig.json` (never run): the
// generated declarations and the wrapper's must describe the API the tests use.
import {
  Engine,
  Network,
  ParcoursError,
  init,
  initSync,
  networkSchema,
  resultColumns,
  RoutedColumns,
  type ResultColumn,
  type BatchResult,
  type Case,
  type CaseColumns,
  type DictionaryColumn,
  type CoverageOrigin,
  type CoverageQuery,
  type CoverageReport,
  type Decision,
  type Explanation,
  type Lang,
  type Problem,
  type Report,
  type ServiceProvision,
  type Summary,
  type Answer,
  type CapabilityRow,
  type GroupingRow,
  type MemberRow,
  type Question,
  type SiteRow,
  type TeleServiceRow,
  type CommuneRow,
  type TestReport,
} from '../pkg/index.mjs';
import * as node from '../pkg/node.mjs';
import * as raw from '../pkg/parcours_wasm.js';

export async function demo(bytes: Uint8Array, text: string): Promise<number> {
  await init();
  initSync(bytes);
  const net: Network = Network.fromJson(text);
  const summary: Summary = net.summary();
  const kinds: Record<string, number> = summary.groupings_by_kind;
  const id: string = net.id;
  const schema: Record<string, unknown> = networkSchema();
  try {
    node.Network.fromObject({ id, name: net.name, schema });
  } catch (e) {
    if (e instanceof ParcoursError) {
      const first: Problem = e.details[0];
      const where: string = first.pointer;
      const line: number | null = first.line;
      const help: string | null = first.help ?? e.help ?? e.hint ?? null;
      const entities: string[] = first.entities;
      return where.length + (line ?? 0) + e.code.length + (help?.length ?? 0) + entities.length;
    }
    throw e;
  }
  const rawNet: raw.Network = raw.Network.fromToml(text, 'en');
  const rawSummary: raw.Summary = rawNet.summary();
  // @ts-expect-error: the constructor is private
  new Network();
  return summary.sites + kinds.ght + rawSummary.rules;
}

export function routing(net: Network): string[] {
  const engine: Engine = net.compile({ travel: [{ from: 'ch-langres', to: 'chu-dijon', km: 70 }] });
  const c: Case = { filiere: 'chirurgie', level: 'reference', origin: 'ch-langres', date: '2017-09-15' };
  const atPoint: Case = { ...c, origin: { lat: 47.86, lon: 5.33 }, flags: ['most_acute'], max_distance_km: 80 };
  const d: Decision = engine.route(c);
  const e: Explanation = engine.route(atPoint, { explain: true });
  const either: Decision | Explanation = engine.route(c, { explain: Math.random() > 0.5 });
  const km: number | undefined = d.distance_km;
  const out: string[] = [d.outcome, e.decision.step ?? '', String(km), String('trace' in either)];
  for (const a of e.alternatives) out.push(`${a.site} ${a.rejection} ${a.why} ${a.distance_km}`);
  const fr: Explanation = engine.route(c, { explain: true, lang: 'fr' });
  const lang: Lang = 'fr';
  const report: Report = net.check({ lang });
  out.push(fr.trace[0]?.detail ?? '', report.diagnostics[0]?.help ?? '');
  // @ts-expect-error only 'en' and 'fr'
  engine.route(c, { lang: 'de' });
  for (const t of e.trace) out.push(t.detail, t.source ?? '');
  out.push(...e.via);
  const results: BatchResult[] = engine.routeBatch([c, atPoint]);
  for (const r of results) {
    out.push(r.ok ? (r.decision.target ?? r.decision.outcome) : `${r.error.code} ${r.error.pointer}`);
  }
  const columns: CaseColumns = {
    filiere: ['chirurgie', null],
    origin: { codes: Int32Array.of(0, -1), values: ['ch-langres'] },
    lat: Float64Array.of(NaN, 47.86),
    lon: [null, 5.33],
    date: Int32Array.of(17424, -(2 ** 31)),
    flags: [['most_acute'], null],
    ehpad_resident: Uint8Array.of(0, 1),
  };
  const routed: RoutedColumns = engine.routeColumns(columns, { date: '2017-10-02' });
  const targets: DictionaryColumn = routed.target;
  const codes: Int32Array = targets.codes;
  const kms: Float64Array = routed.distance_km;
  out.push(String(routed.length + codes[0] + kms[0]), routed.text('step', 0) ?? '', ...targets.values);
  for (const r of routed.rows()) out.push(r.ok ? r.decision.outcome : r.error.message);
  const first: BatchResult = routed.row(0);
  const schema: readonly ResultColumn[] = resultColumns();
  out.push(...schema.map((c) => `${c.name} ${c.kind} ${c.nullable}`), String(routed.id[0]));
  out.push(routed.text('fallback_target', 0) ?? '', String(routed.minutes[0]));
  out.push(String(first.ok));
  // @ts-expect-error: filiere is required
  engine.routeColumns({ origin: ['ch-langres'] });
  // @ts-expect-error: a dictionary's codes are an Int32Array
  engine.routeColumns({ filiere: { codes: [0], values: ['chirurgie'] } });
  // @ts-expect-error: not a result column
  routed.text('flags', 0);
  const who: ServiceProvision[] = engine.sharedService('sterilisation', 'ch-langres', '2018-01-01', {
    includePlanned: true,
  });
  out.push(who[0]?.provider_name ?? '', engine.networkId, String(engine.siteCount));
  const origins: CoverageOrigin[] = [
    { id: '52269', name: 'Langres', origin: 'ch-langres', population: 7500 },
    { id: '52060', origin: { lat: 47.95, lon: 5.75 } },
  ];
  const query: CoverageQuery = { filiere: 'chirurgie', level: 'reference', date: '2018-01-01', bands: [30, 45] };
  const coverage: CoverageReport = engine.coverage(origins, { ...query, threshold: 60, include_planned: true });
  for (const row of coverage.rows) {
    out.push(`${row.origin} ${row.outcome} ${row.target ?? ''} ${row.entry ?? ''} ${row.distance_km ?? ''}`);
    out.push(String(row.beyond_threshold), String(row.population + (row.minutes ?? 0)));
  }
  for (const b of coverage.bands) out.push(`${b.within} ${b.population} ${b.share}`);
  out.push(String(coverage.population + coverage.beyond_threshold + coverage.no_route), d.entry ?? '');
  // @ts-expect-error: an origin needs an id
  engine.coverage([{ origin: 'ch-langres' }], query);
  // @ts-expect-error: query fields are snake_case, like cases
  engine.coverage(origins, { ...query, includePlanned: true });
  // @ts-expect-error: a case needs a filière
  engine.route({ origin: 'ch-langres', date: '2017-09-15' });
  // @ts-expect-error: outcomes are a closed set
  const bad: Decision = { outcome: 'maybe' };
  // @ts-expect-error: engines come from network.compile()
  new Engine();
  void bad;
  return out;
}

/** Questions at a date and test files. */
export function queries(engine: Engine, net: Network, tests: string): string[] {
  const out: string[] = [];
  const q: Question = { question: 'members', grouping: 'gcs-chirurgie-shm', date: '2018-01-01' };
  const answer: Answer = engine.ask(q);
  out.push(answer.columns.join(','), String(answer.rows.length));
  const members: MemberRow[] = engine.members('ght-21-52', '2018-01-01', { includePlanned: true });
  out.push(...members.map((m) => `${m.member} ${m.role} ${m.state} ${m.from ?? ''}`));
  const groupings: GroupingRow[] = engine.groupings('ch-langres', '2018-01-01');
  out.push(...groupings.map((g) => `${g.grouping} ${g.how} ${g.via ?? ''}`));
  const caps: CapabilityRow[] = engine.capabilities('cmc-chaumont', '2018-01-01', { filiere: 'chirurgie' });
  out.push(...caps.map((c) => `${c.level} ${c.mentions.join(';')}`));
  const sites: SiteRow[] = engine.sitesByFiness('210780581', { date: '2018-01-01' });
  out.push(...sites.map((s) => `${s.site} ${s.match}`));
  const tele: TeleServiceRow[] = engine.teleServices({ lat: 43.64, lon: -1.43 }, '2023-01-10', {
    filiere: 'soins_non_programmes',
  });
  out.push(...tele.map((t) => `${t.service} ${t.fallback ?? ''} ${t.access}`));
  const commune: CommuneRow[] = engine.commune('52269', '2018-01-01', { filiere: 'chirurgie' });
  out.push(...commune.map((c) => `${c.fact} ${c.site ?? ''} ${c.basis ?? ''}`));
  out.push(...engine.ask({ question: 'commune', commune: '52269', date: '2018-01-01' }).columns);
  const report: TestReport = net.runTests(tests, 'shm.json');
  const again: TestReport = engine.runTests(JSON.parse(tests) as object);
  out.push(report.text, String(report.ok && again.passed > 0));
  for (const r of report.results) out.push(`${r.kind} ${r.name} ${r.passed} ${r.mismatches?.[0]?.field ?? ''}`);
  // @ts-expect-error: questions are a closed set
  engine.ask({ question: 'who', date: '2018-01-01' });
  return out;
}
