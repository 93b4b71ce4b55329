// Progress of a long command on stderr (stdout keeps the result): an in-place bar on a terminal,
// a line every few seconds otherwise (CI logs, files), so a log shows progress without a flood.

export interface Progress {
  update(done: number, note?: string): void;
  done(note?: string): void;
}

export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastLine = 0;
  const width = 30;
  const line = (done: number, note = "") => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    return `${label} ${done}/${total} ${(share * 100).toFixed(0).padStart(3)}% ${seconds}s${note ? ` ${note}` : ""}`;
  };
  return {
    update(done, note) {
      if (stream.isTTY) {
        const share = total > 0 ? Math.min(1, done / total) : 1;
        const filled = Math.round(share * width);
        stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${line(done, note)}\x1b[K`);
      } else if (Date.now() - lastLine >= 5000 || done === total) {
        lastLine = Date.now();
        stream.write(`${line(done, note)}\n`);
      }
    },
    done(note) {
      if (stream.isTTY) stream.write(`\r${line(total, note)}\x1b[K\n`);
      else stream.write(`${line(total, note)}\n`);
    },
  };
}
