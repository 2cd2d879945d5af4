// Type-checked with types.check.ts (tsconfig.json): the history and structural diff API
// (cargo feature `history`; the declarations exist either way).
import {
  Network,
  diffStructure,
  labels,
  type Labels,
  type EntityDiff,
  type FieldChange,
  type HistoryEntry,
  type StructureDiff,
  type Change,
} from '../pkg/index.mjs';

export function historyTypes(net: Network): [HistoryEntry[], StructureDiff] {
  const entries: HistoryEntry[] = net.history({ from: '2018-01-01', to: '2019-12-31' });
  const all: HistoryEntry[] = net.history();
  const french: HistoryEntry[] = net.history({ lang: 'fr', to: '2019-12-31' });
  const words: Readonly<Labels> = labels({ lang: 'fr' });
  const recourse: string = words.step.recourse;
  const tooFar: string = labels().rejection.too_far;
  void french;
  void recourse;
  void tooFar;
  const diff: StructureDiff = diffStructure(net, net);
  const first: EntityDiff | undefined = diff.entries[0];
  const field: FieldChange | undefined = first?.fields?.[0];
  const when: string | null | undefined = entries[0]?.date;
  const change: 'starts' | 'ends' | 'planned_start' | 'planned_end' | 'event' | undefined = all[0]?.change;
  void field;
  void when;
  void change;
  return [entries, diff];
}

export function changeTypes(net: Network): Network {
  const changes: Change[] = [
    { change: 'remove_grouping', grouping: 'gcs-chirurgie-shm' },
    { change: 'remove_member', grouping: 'gcs-chirurgie-shm', member: 'ej-ch-langres', from: '2019-01-01' },
    { change: 'close_capability', site: 'ch-langres', filiere: 'chirurgie' },
  ];
  const kind: Change['change'] | undefined = changes[0]?.change;
  void kind;
  return net.applyChanges(changes, { file: 'what-if.json' }).applyChanges('[]');
}
