import type { IncomingMessage, ServerResponse } from 'node:http';

export type YookassaEmulatorOptions = {};

export class YookassaEmulator {
  setBaseUrl(_url: string): void {}
  async handle(_request: IncomingMessage, _response: ServerResponse, _url: URL): Promise<boolean> {
    return false;
  }
  close(): void {}
}
