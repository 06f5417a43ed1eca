/**
 * What the audio and video components share: a value that is one file (a FileData shown
 * in `view.player`), chunks of a stream that take its place while a run outputs here, the
 * notice shown when the browser blocks autoplay, and the input bar (`mediainput.js`).
 *
 * A subclass (components/audio.js, components/video.js) builds its elements (`player`,
 * `controls`, and `stage`, the element the notice goes before) and says how a stream
 * plays: `chunk(file)`, `replace(next)`, `show(autoplay)`, `stopLive()`, `record()`,
 * `stopRecording()`, and places `bar.el` (the corner buttons: download) and `empty` (the
 * empty state: an icon and "Drop Audio Here - or - Click to Upload", "Click to Record", or
 * a faint icon for an empty output).
 */

import { applyCommon, h, makeLabel } from "rillet/block.js";
import { clearMedia, renderSourceBar, uploadMedia } from "rillet/mediainput.js";
import { emptyState, fileName, toolbar } from "rillet/toolbar.js";

/**
 * @typedef {Object} MediaKind
 * @property {"audio"|"video"} kind names the classes, labels and test ids
 * @property {string} recordSource the `sources` entry that records ("microphone", "webcam")
 * @property {string[]} accepted MIME type prefixes an upload may have
 */

/** The shared part of an audio or video view. */
export class MediaView {
  /**
   * @param {HTMLElement} el component root
   * @param {Object} props config props (value, label, interactive, sources, streaming, autoplay, ...)
   * @param {Object} ctx {emit, upload, url, id, toast, stream}
   * @param {MediaKind} media
   */
  constructor(el, props, ctx, media) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.media = media;
    /** @type {Object|null} the FileData shown (null while a stream plays) */
    this.value = props.value ?? null;
    /** @type {any} the stream playing, and the one that played last (test hooks read it) */
    this.live = null;
    this.lastLive = null;
    /** @type {any} the microphone or camera while it records */
    this.recorder = null;
    this.running = false;
    /** @type {HTMLElement|null} */
    this.notice = null;
    /** @type {HTMLElement|null} set by the input bar (mediainput.js), with the next two */
    this.clearButton = null;
    /** @type {HTMLElement} */
    this.recordButton = /** @type {HTMLElement} */ (/** @type {unknown} */ (null));
    /** @type {HTMLElement} */
    this.recordTime = /** @type {HTMLElement} */ (/** @type {unknown} */ (null));
    /** @type {string|null} the file picker's id (set by the input bar) */
    this.pickerId = null;
    this.label = makeLabel(this.props, null);
    this.bar = toolbar(this.props.buttons, {
      download: () => this.urlOf(this.value),
      downloadName: () => fileName(this.value, media.kind),
    });
    /** The empty state's place; `render()` fills it, the subclass's `show()` hides it. */
    this.empty = h("div", { class: `rillet-${media.kind}-empty rillet-media-empty` });
    // Made by the subclass: the player, the input bar's place, what the notice goes before.
    this.player = /** @type {HTMLMediaElement} */ (/** @type {unknown} */ (null));
    this.controls = /** @type {HTMLElement} */ (/** @type {unknown} */ (null));
    this.stage = /** @type {HTMLElement} */ (/** @type {unknown} */ (null));
  }

  // ---- what a subclass provides ----

  /** @param {Object} file a chunk of a stream (FileData, `is_stream: true`) */
  chunk(file) {}

  /** @param {Object|null} next a new value, not the one shown */
  replace(next) {}

  /** @param {boolean} autoplay show the value in the player (and play it) */
  show(autoplay) {}

  /** Stop the stream that plays, if any. */
  stopLive() {}

  /** Start the microphone or camera. */
  record() {}

  /** Stop it and take what it recorded. */
  stopRecording() {}

  // ---- shared ----

  /** @returns {Object|null} */
  get() {
    return this.value;
  }

  /** @param {Object|null} value a FileData; `is_stream` ones are chunks of a stream */
  set(value) {
    if (value && value.is_stream) {
      this.chunk(value);
      return;
    }
    const next = value ?? null;
    if (this.urlOf(next) === this.urlOf(this.value)) {
      this.value = next;
      return;
    }
    this.replace(next);
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const rebuild = ("interactive" in props && props.interactive !== this.props.interactive)
      || "sources" in props;
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    this.propsChanged(props);
    if (rebuild) this.render();
    if ("value" in props) this.set(props.value);
  }

  /** @param {Object} props the props just changed (a subclass applies its own) */
  propsChanged(props) {}

  /** A run that outputs here began: its stream replaces whatever plays. */
  runStarted() {
    this.running = true;
    this.stopLive();
    if (!this.player.paused) this.player.pause();
  }

  get interactive() {
    return this.props.interactive === true;
  }

  get sources() {
    return this.props.sources || ["upload", this.media.recordSource];
  }

  /** @param {Object|null} value @returns {string|null} */
  urlOf(value) {
    return value ? this.ctx.url(value) : null;
  }

  render() {
    this.controls.replaceChildren();
    this.clearButton = null;
    this.pickerId = null;
    if (this.interactive) renderSourceBar(this, this.media.kind, this.media.recordSource);
    this.empty.replaceChildren(this.emptyState());
    this.show(false);
  }

  /** @returns {HTMLElement} what the view shows without a value */
  emptyState() {
    const { kind, recordSource } = this.media;
    const title = kind === "audio" ? "Audio" : "Video";
    if (this.interactive && this.pickerId) {
      return emptyState({ icon: "upload", lines: [`Drop ${title} Here`, "- or -", "Click to Upload"],
        for: this.pickerId, testid: `${kind}-drop` });
    }
    if (this.interactive && this.sources.includes(recordSource)) {
      const line = kind === "audio" ? "Click to Record" : "Click to Access Webcam";
      return emptyState({ icon: recordSource, lines: [line], testid: `${kind}-start`,
        onclick: () => { if (!this.recorder) this.record(); } });
    }
    return emptyState({ icon: kind, testid: `${kind}-empty` });
  }

  /**
   * Autoplay was refused: a visible notice; its click (a user gesture) calls `resume`.
   * @param {string} text the button's text
   * @param {string} why what the browser refused
   * @param {() => any} resume
   */
  showBlocked(text, why, resume) {
    this.unblocked();
    const kind = this.media.kind;
    const button = h("button", { type: "button", class: "rillet-btn rillet-btn-primary rillet-btn-sm", text });
    this.notice = h("div", { class: `rillet-${kind}-blocked`, role: "alert", "data-testid": `${kind}-blocked` },
      [button, h("span", { class: "rillet-muted", text: why })]);
    button.addEventListener("click", () => {
      this.unblocked();
      Promise.resolve(resume()).catch(() => {});
    });
    this.el.insertBefore(this.notice, this.stage);
  }

  unblocked() {
    if (this.notice) this.notice.remove();
    this.notice = null;
  }

  /**
   * @param {File} file
   * @param {string|null} event emitted besides "input" and "change" ("upload")
   */
  uploadFile(file, event) {
    return uploadMedia(this, file, event, this.media.accepted, this.media.kind);
  }

  clear() {
    clearMedia(this);
  }
}
