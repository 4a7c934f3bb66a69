/**
 * Where the shipper is in a container's output: the newest line time it has stored and how
 * many lines with exactly that time it has stored. The engine's `since` is inclusive, so a
 * resumed read asks from that time and skips as many lines with it as were stored (and any
 * older line the read returns), neither repeating nor losing a line.
 *
 * Times are the engine's RFC 3339 strings with nine fractional digits, compared as strings.
 * stdout and stderr are stamped apart, so a line may carry a time a little older than the
 * one before it: such a line is counted as stored with the newest time (it is never asked
 * for again); if Berth stops after reading it and before storing it, it is lost. Both
 * streams would have to be written within the same instants for that to happen.
 */
export interface Position {
  time: string;
  count: number;
}

/** The position after a line, stored, with time `time`. */
export function advance(p: Position | undefined, time: string): Position {
  if (!p || time > p.time) return { time, count: 1 };
  return time === p.time ? { time, count: p.count + 1 } : p;
}

export const encodePosition = (p: Position): string => `${p.time} ${p.count}`;

export function decodePosition(text: string | undefined): Position | undefined {
  const [time, count] = (text ?? '').split(' ');
  return time && /^\d+$/.test(count ?? '') ? { time, count: Number(count) } : undefined;
}

/** Drops the lines a resumed read returns that were stored before (see above). */
export class ResumeFilter {
  private toSkip: number;

  constructor(private readonly from: Position | undefined) {
    this.toSkip = from?.count ?? 0;
  }

  /** Whether the line was stored already. */
  stored(time: string): boolean {
    if (!this.from || time > this.from.time) return false;
    if (time < this.from.time) return true;
    if (this.toSkip === 0) return false;
    this.toSkip--;
    return true;
  }
}
