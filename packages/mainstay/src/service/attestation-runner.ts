/**
 * The timer loop around {@link AttestationService} (the original's `Run`): wait the first-step
 * delay (10 s), then step, wait the delay the step returned, step again… `stop()` cancels the
 * pending wait and lets a running step finish, so no state is ever half-written.
 */
import type { Logger } from '@ocean-ts/service-kit';
import { attestationStateName } from './attestation-state.js';
import type { AttestationService, StepResult } from './attestation-service.js';
import { effectiveDelay, type ServiceTiming } from './service-timing.js';

export interface AttestationRunnerOptions {
  readonly service: AttestationService;
  readonly timing: ServiceTiming;
  readonly logger: Logger;
  /** Called after each step (tests, metrics). */
  readonly onStep?: (result: StepResult) => void;
}

export class AttestationRunner {
  #running = false;
  #loop: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | undefined;

  constructor(private readonly options: AttestationRunnerOptions) {}

  get running(): boolean {
    return this.#running;
  }

  /** Start stepping (the first step after the first-step delay). */
  start(): void {
    if (this.#running) throw new Error('attestation runner already started');
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stop after the current step (if one is running); resolves when the loop has ended. */
  async stop(): Promise<void> {
    if (!this.#running) {
      await this.#loop;
      return;
    }
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#wake?.();
    await this.#loop;
    this.options.logger.info('attestation service stopped', { state: attestationStateName(this.options.service.state) });
  }

  async #run(): Promise<void> {
    const { service, timing, logger } = this.options;
    logger.info('attestation service started', { state: attestationStateName(service.state) });
    let delay = effectiveDelay(timing, timing.firstStepMs);
    while (this.#running) {
      await this.#sleep(delay);
      if (!this.#running) break;
      const result = await service.step();
      logger.debug('attestation step', { ran: attestationStateName(result.ran), next: attestationStateName(result.next), delayMs: result.delayMs });
      try {
        this.options.onStep?.(result);
      } catch (e) {
        logger.warn('attestation step observer failed', { error: e instanceof Error ? e.message : String(e) });
      }
      delay = result.delayMs;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#timer = undefined;
        this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
      this.#timer = setTimeout(done, ms);
    });
  }
}
