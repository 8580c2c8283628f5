/**
 * A batch of LSH lookups and writes (LshIndex.batch) for the article stage: the slots of every item's fps are read in
 * one script call when the batch opens, writes are kept in memory and sent in one MULTI, and each lookup answers what
 * the index would answer after the batch's earlier writes — the same candidates as calling candidates/add/remove one
 * by one, with two round trips per batch instead of two per item. The writes carry their commit sequence numbers
 * (lsh-seq.ts), and the batch remembers the counter it read with its slots: {@link LshBatch.window}.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { probeSlots, storeSlots } from './bands.js';
import { check, checkId, rank, usable } from './lsh-common.js';
import { appendNumbering, counterValue, numbersOf, type CommitWindow, type SeqKeys } from './lsh-seq.js';

/** What a batch needs of its index (lsh.ts passes its settings). */
export interface LshBatchContext {
  redis: Redis;
  /** The Redis key of a bucket name. */
  key: (bucket: string) => string;
  widths: readonly number[];
  probe: 0 | 1;
  maxDistance: number;
  bucketLimit: number;
  /** Commit-order counter and log (lsh-seq.ts). */
  seq: SeqKeys;
}

/** One slot: a sorted set key and the score its members have there. */
interface Slot {
  id: string;
  key: string;
  score: number;
}

/** A slot's members as read (in Redis order: members of one score sort by their bytes) and the LIMIT of that read. */
interface SlotRead {
  members: string[];
  limit: number;
}

/**
 * Reads many slots in one command: KEYS are the commit-order counter (when ARGV[2] is "1") then the slots' sorted
 * sets, ARGV[1] the LIMIT and ARGV[3..] each slot's score; returns the counter (when asked), then each slot's members.
 * One script call instead of a command per slot (a batch reads hundreds): the client's per-command cost was most of
 * the lookup's, and the reads are now one atomic snapshot.
 */
const READ_SLOTS = `local out = {}
local first = 1
if ARGV[2] == '1' then
  out[1] = redis.call('GET', KEYS[1])
  first = 2
end
for i = first, #KEYS do
  local s = ARGV[i - first + 3]
  out[#out + 1] = redis.call('ZRANGEBYSCORE', KEYS[i], s, s, 'LIMIT', 0, ARGV[1])
end
return out`;

/** Members are ASCII (hex fp, ':', base32 id): code-unit order is Redis's byte order. */
const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Lookups and writes of one article batch against the LSH index; see the module comment. */
export class LshBatch {
  private readonly reads = new Map<string, SlotRead>();
  /** This batch's writes per slot id, the last per member: true = added, false = removed. */
  private readonly changes = new Map<string, Map<string, boolean>>();
  private ops: { add: boolean; key: string; score: number; member: string }[] = [];
  /** Ids added, in write order (each add is numbered at commit). */
  private added: string[] = [];
  /** The commit-order counter as read before the first slot read. */
  private readSeq = 0;
  private committedWindow: CommitWindow | undefined;

  private constructor(private readonly ctx: LshBatchContext) {}

  /** A batch whose first reads cover the slots of each fp list in `lookups` (one script call). */
  static async open(ctx: LshBatchContext, lookups: readonly (readonly string[])[]): Promise<LshBatch> {
    const batch = new LshBatch(ctx);
    await batch.read(lookups.flatMap((fps) => batch.lookupSlots(usable(fps))), ctx.bucketLimit, true);
    return batch;
  }

  /** Same answer as LshIndex.candidates would give after this batch's writes so far (reads Redis only for slots not read yet). */
  async candidates(fps: string | readonly string[], limit = 50): Promise<string[]> {
    const list = usable(typeof fps === 'string' ? [fps] : fps);
    if (list.length === 0 || limit <= 0) return [];
    const slots = this.lookupSlots(list);
    await this.read(slots, this.ctx.bucketLimit);
    // A read that hit its LIMIT may hide members behind ones this batch removed: read those slots deeper.
    for (let short = slots.filter((s) => this.hidesMembers(s.id)); short.length > 0; short = short.filter((s) => this.hidesMembers(s.id))) {
      await this.read(short, Math.max(...short.map((s) => this.reads.get(s.id)?.limit ?? 0)) + this.ctx.bucketLimit);
    }
    return rank(list, slots.map((s) => this.members(s.id)), this.ctx.maxDistance, limit);
  }

  /** Queues LshIndex.add; later lookups of this batch see it. */
  add(id: string, fp: string, extraFps: readonly string[] = []): void {
    this.write(true, id, [fp, ...extraFps]);
  }

  /** Queues LshIndex.remove; later lookups of this batch see it. */
  remove(id: string, fp: string, extraFps: readonly string[] = []): void {
    this.write(false, id, [fp, ...extraFps]);
  }

  /** Sends the queued writes in one MULTI, in the order they were made (nothing to send: no round trip). */
  async flush(): Promise<void> {
    if (this.ops.length === 0) return;
    const multi = this.ctx.redis.multi();
    const n = this.appendTo(multi);
    this.committed(check(await multi.exec(), 'batch write').slice(0, n).map(([, v]) => v));
  }

  /**
   * Appends the queued writes, then the numbering of the added ids, to `tx` (the article batch's MULTI, so index
   * entries, records and numbers commit together); returns how many commands it appended.
   */
  appendTo(tx: ChainableCommander): number {
    const ops = this.ops;
    this.ops = [];
    for (const o of ops) {
      if (o.add) tx.zadd(o.key, o.score, o.member);
      else tx.zrem(o.key, o.member);
    }
    if (this.added.length === 0) return ops.length;
    appendNumbering(tx, this.ctx.seq, this.added);
    return ops.length + 1;
  }

  /** Takes the replies of the commands {@link appendTo} appended, once their transaction ran. */
  committed(replies: readonly unknown[]): void {
    if (this.added.length === 0) return;
    const top = counterValue(replies.at(-1));
    this.committedWindow = { readSeq: this.readSeq, before: top - this.added.length };
    this.added = [];
  }

  /** After a commit that numbered writes: the window of commits this batch's reads may have missed. */
  window(): CommitWindow | undefined {
    return this.committedWindow;
  }

  /**
   * A sort key per id in commit order: its number, 0 when it predates the log (committed before any number still
   * kept), and after every committed one when this batch added it and has not committed yet. One ZMSCORE.
   */
  async commitOrder(ids: readonly string[]): Promise<number[]> {
    const numbers = await numbersOf(this.ctx.redis, this.ctx.seq, ids);
    return ids.map((id, i) => {
      const n = numbers[i] ?? 0;
      const pending = this.added.indexOf(id);
      return n > 0 || pending < 0 ? n : Number.MAX_SAFE_INTEGER - this.added.length + pending;
    });
  }

  /** The distinct slots a lookup of `list` reads, in the order LshIndex.candidates reads them. */
  private lookupSlots(list: readonly string[]): Slot[] {
    const out = new Map<string, Slot>();
    for (const fp of list) {
      for (const s of probeSlots(fp, this.ctx.widths, this.ctx.probe)) {
        const key = this.ctx.key(s.bucket);
        const id = `${key} ${s.score}`;
        if (!out.has(id)) out.set(id, { id, key, score: s.score });
      }
    }
    return [...out.values()];
  }

  /** Reads (one script call) the slots not yet read at least `limit` deep; `withSeq`: the commit-order counter first. */
  private async read(slots: readonly Slot[], limit: number, withSeq = false): Promise<void> {
    const todo = [...new Map(slots.filter((s) => (this.reads.get(s.id)?.limit ?? 0) < limit).map((s) => [s.id, s])).values()];
    if (todo.length === 0 && !withSeq) return;
    // The counter first, in the same atomic read: whatever was numbered up to its value is in the slots read after it.
    const keys = [...(withSeq ? [this.ctx.seq.counter] : []), ...todo.map((s) => s.key)];
    const args = [String(limit), withSeq ? '1' : '0', ...todo.map((s) => String(s.score))];
    const res = (await this.ctx.redis.eval(READ_SLOTS, keys.length, ...keys, ...args)) as unknown[];
    if (withSeq) this.readSeq = counterValue(res.shift());
    todo.forEach((s, i) => this.reads.set(s.id, { members: (res[i] ?? []) as string[], limit }));
  }

  /** True when the slot's read was cut at its LIMIT and this batch's removals leave fewer than bucketLimit of what it read. */
  private hidesMembers(id: string): boolean {
    const read = this.reads.get(id);
    const changes = this.changes.get(id);
    if (!read || !changes || read.members.length < read.limit) return false;
    return read.members.filter((m) => changes.get(m) !== false).length < this.ctx.bucketLimit;
  }

  /** The members a ZRANGEBYSCORE … LIMIT 0 bucketLimit of the slot would return now, with this batch's writes applied. */
  private members(id: string): string[] {
    const read = this.reads.get(id);
    const members = read?.members ?? [];
    const changes = this.changes.get(id);
    if (!changes) return members.slice(0, this.ctx.bucketLimit);
    const now = new Set(members);
    for (const [m, added] of changes) {
      if (added) now.add(m);
      else now.delete(m);
    }
    return [...now].sort(byBytes).slice(0, this.ctx.bucketLimit);
  }

  private write(add: boolean, id: string, fps: readonly string[]): void {
    checkId(id);
    if (add && usable(fps).length > 0) this.added.push(id);
    for (const fp of usable(fps)) {
      for (const s of storeSlots(fp, this.ctx.widths)) {
        const key = this.ctx.key(s.bucket);
        const member = `${fp}:${id}`;
        const slotId = `${key} ${s.score}`;
        let changes = this.changes.get(slotId);
        if (!changes) this.changes.set(slotId, (changes = new Map()));
        changes.set(member, add);
        this.ops.push({ add, key, score: s.score, member });
      }
    }
  }
}
