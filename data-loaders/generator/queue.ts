// A binary min-heap of things due later (purchases, credit notes, adjustments), ordered by time
// and then by insertion, so that equal times always come out in the same order.
export class TimeQueue<T> {
  private times: number[] = [];
  private order: number[] = [];
  private items: T[] = [];
  private inserted = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the next item; Infinity when empty. */
  peekTime(): number {
    return this.items.length === 0 ? Infinity : this.times[0];
  }

  push(time: number, item: T): void {
    let i = this.items.length;
    this.times.push(time);
    this.order.push(this.inserted++);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): T {
    const top = this.items[0];
    const last = this.items.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.order.pop();
    this.items.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.before(l, m)) m = l;
      if (r < last && this.before(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    return this.times[i] < this.times[j] || (this.times[i] === this.times[j] && this.order[i] < this.order[j]);
  }

  private swap(i: number, j: number): void {
    [this.times[i], this.times[j]] = [this.times[j], this.times[i]];
    [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    [this.items[i], this.items[j]] = [this.items[j], this.items[i]];
  }
}
