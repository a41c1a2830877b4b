/**
 * How many requests a client keeps in flight, adapted to the provider: a 429 halves it (down to
 * one), and each run of successes twice as long as the current level lets it grow by one again,
 * up to what the operation asked for. One per client, shared by the pages of its reads.
 */
export class AdaptivePace {
	/** Undefined until the provider first pushes back: until then the caller's request stands. */
	private level: number | undefined;
	private calm = 0;
	/** What the caller last asked for: the ceiling of recovery, and the base of the first halving. */
	private requested: number;

	constructor(requested = 8) {
		this.requested = requested;
	}

	/** Requests that may be in flight now, given what the caller asks for. */
	allowed(requested: number): number {
		this.requested = requested;
		return Math.max(1, Math.min(this.level ?? requested, requested));
	}

	/** The provider said "too many requests". */
	throttled(): void {
		this.level = Math.max(1, Math.floor(Math.min(this.level ?? this.requested, this.requested) / 2));
		this.calm = 0;
	}

	/** A request went through. */
	succeeded(): void {
		if (this.level === undefined) return;
		if (this.level >= this.requested) {
			this.level = undefined;
			return;
		}
		if (++this.calm >= this.level * 2) {
			this.level++;
			this.calm = 0;
		}
	}
}
