// Browser globals the page feature-detects that TypeScript's DOM library leaves out.
interface Window {
  /** Safari's MediaSource variant (iOS has only this one); undefined elsewhere. */
  readonly ManagedMediaSource?: { new (): MediaSource; readonly prototype: MediaSource };
}
