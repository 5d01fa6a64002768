/**
 * A fixed-capacity FIFO ring buffer. When full, `push` evicts the OLDEST item and returns it,
 * so a sink that cannot keep up keeps the newest records (see docs/observability.md, "Queues").
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("capacity must be a positive integer");
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Appends; returns true when an old item had to be evicted to make room. */
  push(item: T): boolean {
    const tail = (this.head + this.count) % this.capacity;
    this.items[tail] = item;
    if (this.count < this.capacity) {
      this.count++;
      return false;
    }
    this.head = (this.head + 1) % this.capacity;
    return true;
  }

  /** Removes and returns up to `max` items from the front, oldest first. */
  take(max: number): T[] {
    const n = Math.min(max, this.count);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= n;
    return out;
  }

  /** Empties the queue; returns how many items were removed. */
  clear(): number {
    const n = this.count;
    this.take(n);
    return n;
  }
}
