import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { YkNotification } from './yookassa-types.js';

/** How notifications are retried while the receiver fails. */
export interface NotificationRetryOptions {
  /** Delay before the first retry, in milliseconds. */
  readonly initialDelayMs: number;
  /** Upper bound of the doubling delay, in milliseconds. */
  readonly maxDelayMs: number;
  /** Attempts before giving up (YooKassa itself keeps trying for 24 hours). */
  readonly maxAttempts: number;
  /** How long one POST may take, in milliseconds. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_NOTIFICATION_RETRY: NotificationRetryOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 50,
  requestTimeoutMs: 10_000,
};

/** One notification and the story of its delivery. */
export interface NotificationDelivery {
  readonly id: number;
  readonly shopId: string;
  readonly url: string;
  readonly sourceAddress: string;
  readonly body: YkNotification;
  attempts: number;
  delivered: boolean;
  gaveUp: boolean;
  /** HTTP status of the last attempt, or undefined when it failed to connect. */
  lastStatus?: number;
  lastError?: string;
}

/**
 * Sends notifications by POST from a chosen local address (as YooKassa's published
 * ranges are what receivers check), retrying with doubling delays while the receiver
 * answers non-2xx or cannot be reached.
 */
export class Notifier {
  readonly deliveries: NotificationDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<(delivery: NotificationDelivery) => void>();
  private closed = false;
  private nextId = 1;

  constructor(private readonly retry: NotificationRetryOptions) {}

  send(
    shopId: string,
    url: string,
    sourceAddress: string,
    body: YkNotification,
  ): NotificationDelivery {
    const delivery: NotificationDelivery = {
      id: this.nextId,
      shopId,
      url,
      sourceAddress,
      body,
      attempts: 0,
      delivered: false,
      gaveUp: false,
    };
    this.nextId += 1;
    this.deliveries.push(delivery);
    void this.attempt(delivery);
    return delivery;
  }

  /** Calls `listener` after every attempt; returns the unsubscribe function. */
  onAttempt(listener: (delivery: NotificationDelivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }

  private async attempt(delivery: NotificationDelivery): Promise<void> {
    if (this.closed) {
      return;
    }
    delivery.attempts += 1;
    try {
      delivery.lastStatus = await this.post(delivery);
      delete delivery.lastError;
      delivery.delivered = delivery.lastStatus >= 200 && delivery.lastStatus < 300;
    } catch (error) {
      delete delivery.lastStatus;
      delivery.lastError = error instanceof Error ? error.message : String(error);
    }
    if (!delivery.delivered && delivery.attempts >= this.retry.maxAttempts) {
      delivery.gaveUp = true;
    }
    for (const listener of this.listeners) {
      listener(delivery);
    }
    if (delivery.delivered || delivery.gaveUp || this.closed) {
      return;
    }
    const delay = Math.min(
      this.retry.initialDelayMs * 2 ** (delivery.attempts - 1),
      this.retry.maxDelayMs,
    );
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery);
    }, delay);
    this.timers.add(timer);
  }

  private post(delivery: NotificationDelivery): Promise<number> {
    const target = new URL(delivery.url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = JSON.stringify(delivery.body);
    return new Promise((resolve, reject) => {
      const request = send(
        target,
        {
          method: 'POST',
          localAddress: delivery.sourceAddress,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            'user-agent': 'YooKassa sandbox',
          },
          timeout: this.retry.requestTimeoutMs,
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error('Read timeout expired')));
      request.on('error', reject);
      request.end(payload);
    });
  }
}
