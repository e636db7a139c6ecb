import { runCli } from '../../cli/main.js';

/** `cwbridge …` in-process with what it printed; `isTty` as a terminal would set it. */
export const runCliCaptured = async (args: readonly string[], options: { isTty?: boolean } = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    ...(options.isTty !== undefined && { isTty: options.isTty }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};
