/** Everything a request handler or a control call may touch, gathered in one place. */
import { FaultInjector } from "./faults";
import { type SimulatorKnobs, defaultKnobs } from "./knobs";
import { QueryJobStore } from "./query-jobs";
import { RateLimiter } from "./rate-limit";
import { type Rng, createRng, hashSeed } from "./rng";
import { type SeedOptions, DEFAULT_SEED, applyDefaultSeed } from "./seed";
import { Sleeper } from "./sleep";
import { SimulatorState } from "./state";
import { RequestStats } from "./stats";

export class SimulatorRuntime {
  state = new SimulatorState();
  knobs: SimulatorKnobs = defaultKnobs();
  stats = new RequestStats();
  /** Drives generated live, late and appended events, so runs with the same seed look alike. */
  eventRng: Rng = createRng(1);
  readonly jobs = new QueryJobStore();
  readonly rateLimiter: RateLimiter;
  faults = new FaultInjector();
  readonly sleeper = new Sleeper();

  /** "http://host:port", known once the server listens; every emitted href starts with it. */
  origin = "";

  constructor(readonly now: () => number) {
    this.rateLimiter = new RateLimiter(now);
  }

  /** Back to a fresh world: new data, default knobs, no faults, no jobs, empty counters. */
  reset(seed: SeedOptions | false): void {
    this.state = new SimulatorState();
    if (seed !== false) applyDefaultSeed(this.state, seed, this.now());
    this.eventRng = createRng(hashSeed(seed === false ? 0 : (seed.seed ?? DEFAULT_SEED), "events"));
    this.knobs = defaultKnobs();
    this.stats = new RequestStats();
    this.jobs.clear();
    this.rateLimiter.clear();
    this.faults = new FaultInjector();
  }
}
