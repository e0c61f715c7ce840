// The district dashboard's table: proposals per desa and state, with how many of
// them are overdue, built from work-queue pages (summaries carry no personal data).
import type { ProposalState } from "../gen/usulan/v1/common_pb";
import type { ProposalSummary } from "../gen/usulan/v1/proposal_service_pb";
import { allStates } from "./states";
import { daysSince } from "./format";
import { overdueDays } from "./queue";

export interface Cell { count: number; overdue: number }
export interface DesaRow { desa: string; cells: Map<ProposalState, Cell>; total: number; overdue: number }

export function tallyByDesa(rows: ProposalSummary[], now: Date): { desas: DesaRow[]; states: ProposalState[] } {
  const byDesa = new Map<string, DesaRow>();
  const seen = new Set<ProposalState>();
  for (const r of rows) {
    let row = byDesa.get(r.desaCode);
    if (!row) byDesa.set(r.desaCode, (row = { desa: r.desaCode, cells: new Map(), total: 0, overdue: 0 }));
    const cell = row.cells.get(r.state) ?? { count: 0, overdue: 0 };
    const late = daysSince(r.stateSince, now) > overdueDays ? 1 : 0;
    row.cells.set(r.state, { count: cell.count + 1, overdue: cell.overdue + late });
    row.total++;
    row.overdue += late;
    seen.add(r.state);
  }
  return {
    desas: [...byDesa.values()].sort((a, b) => a.desa.localeCompare(b.desa)),
    states: allStates.filter((s) => seen.has(s)),
  };
}
