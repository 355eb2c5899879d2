/** How numbers, shares, durations and dates read on the dashboard. */
export const percent = (share: number): string => `${String(Math.round(share * 100))}%`;

export const integer = (value: number): string => value.toLocaleString("en-US");

/** 42 s, 3 min 05 s, 2 h 10 min. */
export function duration(seconds: number): string {
  if (seconds < 60)
    return `${seconds < 10 ? seconds.toFixed(1).replace(/\.0$/u, "") : String(Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${String(minutes)} min ${String(Math.round(seconds % 60)).padStart(2, "0")} s`;
  return `${String(Math.floor(minutes / 60))} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** Singular or plural: `plural(1, "answer")` is "1 answer". */
export const plural = (count: number, noun: string): string =>
  `${integer(count)} ${noun}${count === 1 ? "" : "s"}`;

/** A job's status as a CSS-friendly word (InProgress → in-progress). */
export const statusClass = (status: string): string =>
  status.replace(/([a-z])([A-Z])/gu, "$1-$2").toLowerCase();

/** InProgress → "In progress", for people. */
export const statusText = (status: string): string => {
  const words = status.replace(/([a-z])([A-Z])/gu, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
