// The globals of an AudioWorkletGlobalScope (rillet/frontend/recorderworklet.js runs there),
// which TypeScript's DOM library leaves out.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}
declare function registerProcessor(
  name: string,
  processorCtor: new (options?: any) => AudioWorkletProcessor,
): void;
