// Type-checked by `tsc --noEmit -p bindings-wasm/tests/tsconfig.json` (never run): the
// generated declarations and the wrapper's must describe the API the tests use.
import { Network, ParcoursError, init, initSync, networkSchema, type Problem, type Summary } from '../pkg/index.mjs';
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
      const line: number | undefined = first.line;
      return where.length + (line ?? 0) + e.code.length;
    }
    throw e;
  }
  const rawNet: raw.Network = raw.Network.fromToml(text);
  const rawSummary: raw.Summary = rawNet.summary();
  // @ts-expect-error: the constructor is private
  new Network();
  return summary.sites + kinds.ght + rawSummary.rules;
}
