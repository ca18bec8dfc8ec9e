import { setTimeout as sleep } from 'node:timers/promises';
import { YookassaSdk } from '@yookassa/sdk';
import { AxiosError } from 'axios';
import type { z } from 'zod';
import { AppError } from '../errors/index.js';
import {
  type CreatePaymentRequest,
  type CreateRefundRequest,
  type YookassaAmount,
  type YookassaClient,
  type YookassaPayment,
  YookassaPaymentSchema,
  type YookassaRefund,
  YookassaRefundSchema,
} from './yookassa.js';

/** YooKassa's production API. */
export const YOOKASSA_API_URL = 'https://api.yookassa.ru/v3';

/** Options of {@link createYookassaClient}. */
export interface YookassaClientOptions {
  shopId: string;
  /** The shop's secret key; sent as Basic auth, never logged or put in an error. */
  secretKey: string;
  /** API base such as `https://api.yookassa.ru/v3`, or the sandbox emulator's `apiUrl`. */
  apiUrl?: string;
  /** Longest one HTTP attempt may take. Default 10 s. */
  timeoutMs?: number;
  /** Attempts per call on a timeout, a network error, 429 or 5xx. Default 3. */
  attempts?: number;
  /** Delay before the first retry, doubled each time. Default 300 ms. */
  retryDelayMs?: number;
}

/**
 * An answer of YooKassa that is no success and no missing object: a request it refused
 * (400, with the `parameter` it names), bad credentials (401), a forbidden operation.
 * Carries YooKassa's words, never the request's credentials.
 */
export class YookassaRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly parameter: string | undefined,
    description: string,
  ) {
    super(`YooKassa answered ${status}${code ? ` ${code}` : ''}: ${description}`);
    this.name = 'YookassaRequestError';
  }
}

/**
 * The {@link YookassaClient} over the official `@yookassa/sdk`, pointed at `apiUrl`.
 * A call that times out, cannot connect or gets 429/5xx is repeated (same
 * Idempotence-Key, same body) up to `attempts` times with doubling delays.
 *
 * Errors: AppError `NOT_FOUND` for an unknown payment or refund; AppError `UNAVAILABLE`
 * when every attempt failed that way; {@link YookassaRequestError} for other refusals.
 * No error carries the SDK's request (it holds the secret key).
 */
export function createYookassaClient(options: YookassaClientOptions): YookassaClient {
  const sdk = new YookassaSdk({ shopId: options.shopId, secretKey: options.secretKey });
  sdk.configuration.basePath = (options.apiUrl ?? YOOKASSA_API_URL).replace(/\/+$/, '');
  const request = { timeout: options.timeoutMs ?? 10_000 };
  const attempts = Math.max(1, options.attempts ?? 3);
  const retryDelayMs = options.retryDelayMs ?? 300;

  async function call<S extends z.ZodType>(
    what: string,
    schema: S,
    send: () => Promise<{ data: unknown }>,
  ): Promise<z.infer<S>> {
    for (let attempt = 1; ; attempt += 1) {
      let failure: { retryable: boolean; error: Error };
      try {
        const response = await send();
        const parsed = schema.safeParse(response.data);
        if (!parsed.success) {
          throw new Error(
            `YooKassa ${what}: unexpected answer (${parsed.error.issues[0]?.message})`,
          );
        }
        return parsed.data;
      } catch (error) {
        failure = classify(what, error);
      }
      if (!failure.retryable) {
        throw failure.error;
      }
      if (attempt >= attempts) {
        throw new AppError('UNAVAILABLE', {
          message: `YooKassa ${what} failed ${attempts} times: ${failure.error.message}`,
        });
      }
      await sleep(retryDelayMs * 2 ** (attempt - 1));
    }
  }

  return {
    createPayment: (body: CreatePaymentRequest, key: string) =>
      call('create payment', YookassaPaymentSchema, () =>
        sdk.payments.paymentsPost(key, body as never, request),
      ),
    getPayment: (paymentId: string): Promise<YookassaPayment> =>
      call(`get payment ${paymentId}`, YookassaPaymentSchema, () =>
        sdk.payments.paymentsPaymentIdGet(paymentId, request),
      ),
    capturePayment: (paymentId: string, key: string, amount?: YookassaAmount) =>
      call(`capture payment ${paymentId}`, YookassaPaymentSchema, () =>
        sdk.payments.paymentsPaymentIdCapturePost(
          paymentId,
          key,
          (amount ? { amount } : {}) as never,
          request,
        ),
      ),
    cancelPayment: (paymentId: string, key: string) =>
      call(`cancel payment ${paymentId}`, YookassaPaymentSchema, () =>
        sdk.payments.paymentsPaymentIdCancelPost(paymentId, key, request),
      ),
    createRefund: (body: CreateRefundRequest, key: string): Promise<YookassaRefund> =>
      call('create refund', YookassaRefundSchema, () =>
        sdk.refunds.refundsPost(key, body as never, request),
      ),
    getRefund: (refundId: string): Promise<YookassaRefund> =>
      call(`get refund ${refundId}`, YookassaRefundSchema, () =>
        sdk.refunds.refundsRefundIdGet(refundId, request),
      ),
  };
}

/** Sorts a failed call into retry or not, keeping only what is safe to show. */
function classify(what: string, error: unknown): { retryable: boolean; error: Error } {
  if (!(error instanceof AxiosError)) {
    return { retryable: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
  const response = error.response;
  if (!response) {
    // No answer: a timeout or a refused or reset connection. The key makes a retry safe.
    return {
      retryable: true,
      error: new Error(`YooKassa ${what}: no answer (${error.code ?? 'network error'})`),
    };
  }
  const body = (response.data ?? {}) as {
    code?: unknown;
    parameter?: unknown;
    description?: unknown;
  };
  const code = typeof body.code === 'string' ? body.code : undefined;
  const parameter = typeof body.parameter === 'string' ? body.parameter : undefined;
  const description = typeof body.description === 'string' ? body.description : 'no description';
  if (response.status === 429 || response.status >= 500) {
    return {
      retryable: true,
      error: new Error(`YooKassa ${what}: HTTP ${response.status}`),
    };
  }
  if (response.status === 404) {
    return {
      retryable: false,
      error: new AppError('NOT_FOUND', {
        message: `YooKassa ${what}: not found`,
        details: { what: 'yookassa object' },
      }),
    };
  }
  return {
    retryable: false,
    error: new YookassaRequestError(response.status, code, parameter, description),
  };
}
