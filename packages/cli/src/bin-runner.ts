/** What a tool's pure entry function returns. */
export interface ToolOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Runs a tool's entry function for an executable: prints its output and sets the exit code. An
 * unexpected exception is one `error: …` line and exit code 1 — never a stack trace for users.
 */
export async function runToolMain(run: () => ToolOutput | Promise<ToolOutput>): Promise<void> {
  let code = 1;
  try {
    const r = await run();
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    code = r.code;
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exitCode = code;
}
