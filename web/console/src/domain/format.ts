// Dates are shown in WIB (Asia/Jakarta, UTC+7, no daylight saving) whatever the
// browser's own zone, and numbers in the id-ID style (1.234.567), because the
// console's users compare them with Indonesian paper records. English switches the
// words, not these formats.
import type { Timestamp } from "@bufbuild/protobuf/wkt";

export const timeZone = "Asia/Jakarta";

const dateTime = new Intl.DateTimeFormat("id-ID", {
  timeZone,
  day: "2-digit",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const dateOnly = new Intl.DateTimeFormat("id-ID", {
  timeZone,
  day: "2-digit",
  month: "short",
  year: "numeric",
});

const integer = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
const rupiah = new Intl.NumberFormat("id-ID", {
  style: "currency",
  currency: "IDR",
  maximumFractionDigits: 0,
});

export function timestampToDate(ts: Timestamp | undefined): Date | undefined {
  if (!ts) return undefined;
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6));
}

/** "05 Des 2026 10.42 WIB"; "—" when absent. */
export function formatWib(value: Date | Timestamp | undefined): string {
  const d = value instanceof Date ? value : timestampToDate(value);
  if (!d || Number.isNaN(d.getTime())) return "—";
  return `${dateTime.format(d)} WIB`;
}

/** The calendar date in WIB: "05 Des 2026". */
export function formatWibDate(value: Date | Timestamp | undefined): string {
  const d = value instanceof Date ? value : timestampToDate(value);
  if (!d || Number.isNaN(d.getTime())) return "—";
  return dateOnly.format(d);
}

/** Today's date in WIB as YYYY-MM-DD (the default meeting date of a Musdes). */
export function wibIsoDate(now: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function formatNumber(n: number | bigint): string {
  return integer.format(n);
}

export function formatRupiah(n: number | bigint): string {
  return rupiah.format(n);
}

/** Whole days a proposal has been in its state, for marking overdue ones. */
export function daysSince(value: Timestamp | undefined, now: Date): number {
  const d = timestampToDate(value);
  if (!d) return 0;
  return Math.floor((now.getTime() - d.getTime()) / 86_400_000);
}

/** A datetime-local input's value for `now`, in WIB: "2026-12-06T00:30". */
export function wibLocalInput(now: Date): string {
  const wib = new Date(now.getTime() + 7 * 3_600_000);
  return wib.toISOString().slice(0, 16);
}

/** A datetime-local value read as WIB (UTC+7, whatever the browser's zone). */
export function parseWibLocal(value: string): Date | undefined {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$/.test(value)) return undefined;
  const d = new Date(`${value}:00+07:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
