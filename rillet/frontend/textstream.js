/**
 * Append-only text display whose cost per append does not grow with the text.
 *
 * One big text node makes the browser lay out the whole text again on every append
 * (measured in Chromium: ~5 ms per append at 120 KB). Here the text lives in segments,
 * `<span class="rillet-seg">` styled `display:inline-block; width:100%`: each one is its
 * own layout island, so an append lays out only the last segment (~0.1 ms at any size).
 * A new segment starts after a newline once the current one is long; `textContent` and
 * `innerText` of the container are exactly the text.
 */

const SOFT_LIMIT = 2048;   // start a new segment at the next newline after this many chars
const HARD_LIMIT = 16384;  // ... or at a space (or anywhere) past this, for newline-less text

/** A growing text shown in a container element. */
export class TextStream {
  /**
   * @param {HTMLElement} container element that will hold only the segments
   */
  constructor(container) {
    this.container = container;
    this.text = "";
    this.node = null;
    this.reset("");
  }

  /**
   * Show `text` from scratch.
   * @param {string} text
   */
  reset(text) {
    this.container.replaceChildren();
    this.text = "";
    this.newSegment("");
    this.append(text);
  }

  /**
   * Show `text`: appends when it extends the current text, otherwise starts over.
   * @param {string} text
   */
  set(text) {
    if (text === this.text) return;
    if (text.startsWith(this.text)) this.append(text.slice(this.text.length));
    else this.reset(text);
  }

  /**
   * Add `chunk` at the end.
   * @param {string} chunk
   */
  append(chunk) {
    if (!chunk) return;
    this.text += chunk;
    let rest = chunk;
    while (rest) rest = this.appendPiece(rest);
  }

  /** Append as much of `rest` as belongs to the current segment; return what is left. */
  appendPiece(rest) {
    const size = this.node.length;
    if (size + rest.length <= SOFT_LIMIT) {
      this.node.appendData(rest);
      return "";
    }
    let cut = rest.indexOf("\n", Math.max(0, SOFT_LIMIT - size)) + 1;
    if (cut === 0 || size + cut > HARD_LIMIT) {
      if (size + rest.length <= HARD_LIMIT) {
        this.node.appendData(rest);
        return "";
      }
      const room = Math.max(1, HARD_LIMIT - size);
      cut = rest.lastIndexOf(" ", room - 1) + 1 || room;
    }
    this.node.appendData(rest.slice(0, cut));
    this.newSegment("");
    return rest.slice(cut);
  }

  newSegment(text) {
    const seg = document.createElement("span");
    seg.className = "rillet-seg";
    this.node = document.createTextNode(text);
    seg.append(this.node);
    this.container.append(seg);
  }
}

/**
 * Keep a scrollable element pinned to the bottom while content grows, unless the user
 * scrolled up. Call `before()` just before changing the content and `after()` after.
 * @param {HTMLElement} el
 * @returns {{before(): void, after(): void}}
 */
export function autoScroller(el) {
  let pinned = true;
  return {
    before() {
      pinned = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
    },
    after() {
      if (pinned && el.scrollHeight > el.clientHeight) el.scrollTop = el.scrollHeight;
    },
  };
}
