/**
 * Reads `text/event-stream` text as it arrives, in chunks cut anywhere, and calls back
 * with the data of each complete event (the queue stream uses `data:` lines only).
 */

/** Incremental parser of `text/event-stream`: calls back with each event's data. */
export class SSEParser {
  /** @param {(data: string) => void} onData */
  constructor(onData) {
    this.onData = onData;
    this.buffer = "";  // text after the last newline seen
    this.data = [];
  }

  /** @param {string} text the next decoded chunk */
  push(text) {
    const scanFrom = this.buffer.length;
    this.buffer += text;
    let start = 0;
    let end = this.buffer.indexOf("\n", scanFrom);
    while (end >= 0) {
      let line = this.buffer.slice(start, end);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      start = end + 1;
      this.line(line);
      end = this.buffer.indexOf("\n", start);
    }
    if (start) this.buffer = this.buffer.slice(start);
  }

  line(line) {
    if (line === "") {
      if (this.data.length) this.onData(this.data.join("\n"));
      this.data = [];
    } else if (line.startsWith("data:")) {
      this.data.push(line.slice(line[5] === " " ? 6 : 5));
    }
  }
}
