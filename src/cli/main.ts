/**
 * The yjinspect command line. Each command lives in ./commands/<name>.ts and is loaded only when used,
 * so `--help` stays fast.
 */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  load(): Promise<{ run(argv: string[]): Promise<number> }>;
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'run the web application and JSON API (PORT, DATA_DIR or DATABASE_URL); loads a demo on first start',
    usage: 'yjinspect serve [--no-demo]',
    load: () => import('./commands/serve.js'),
  },
  user: {
    summary: 'add an account with a role, give or remove a role, disable or enable an account, or reset a password',
    usage: [
      'yjinspect user add --email EMAIL --role ROLE [--name NAME] [--inspection ID]',
      'yjinspect user grant EMAIL --role ROLE [--inspection ID]',
      'yjinspect user revoke EMAIL --role ROLE [--inspection ID]',
      'yjinspect user disable EMAIL | yjinspect user enable EMAIL',
      'yjinspect user reset-password EMAIL',
    ].join('\n  '),
    load: () => import('./commands/user.js'),
  },
  inspection: {
    summary: 'create an inspection (its service found by name or added, framework, fieldwork dates, lead) or list them',
    usage: [
      'yjinspect inspection create --service NAME --title TITLE --framework ID [--fieldwork-start DATE --fieldwork-end DATE] [--lead EMAIL]',
      'yjinspect inspection list [--json]',
    ].join('\n  '),
    load: () => import('./commands/inspection.js'),
  },
  backup: {
    summary: 'write a complete, checksummed backup of the database (or of a running server, --server URL) to FILE, signed with BACKUP_KEY',
    usage: 'yjinspect backup FILE [--server URL]',
    load: () => import('./commands/backup.js'),
  },
  restore: {
    summary: 'check a backup FILE whole (checksum, signature, rows, history chain), then restore it into an empty database',
    usage: 'yjinspect restore FILE [--allow-unsigned]',
    load: () => import('./commands/restore.js'),
  },
  'verify-history': {
    summary: "re-check the history's hash chain in the database: exit 0 when intact, 1 naming the first broken entry",
    usage: 'yjinspect verify-history',
    load: () => import('./commands/verify-history.js'),
  },
  'import-report': {
    summary: 'read a published HMIP youth inspection report (PDF, text, markdown, HTML) into data',
    usage: 'yjinspect import-report FILE [--json]',
    load: () => import('./commands/import-report.js'),
  },
  'verify-report': {
    summary: 're-check a published report (or its imported JSON) with the rating engine',
    usage: 'yjinspect verify-report FILE [--json]',
    load: () => import('./commands/verify-report.js'),
  },
  report: {
    summary: 'the published report (HTML, PDF, Word) or its data annex (CSV, XLSX) from report data',
    usage: 'yjinspect report INPUT.json|- --format html|pdf|docx|xlsx|csv --out FILE',
    load: () => import('./commands/report.js'),
  },
  rate: {
    summary: 'rate one inspection from JSON: standard ratings, discretion, score and overall rating',
    usage: 'yjinspect rate [FILE|-] [--jsonl]',
    load: () => import('./commands/rate.js'),
  },
  framework: {
    summary: 'check a framework file (JSON or YAML): names every problem with its path; exit 0 when valid, 1 when not',
    usage: 'yjinspect framework check FILE.json|FILE.yaml',
    load: () => import('./commands/framework.js'),
  },
  sample: {
    summary: 'draw the case sample from a population CSV/XLSX: sizes, sample, reserves, comparison',
    usage: 'yjinspect sample POPULATION.csv --seed N [--confidence 80 --margin 5 --fieldwork YYYY-MM-DD] [--json]',
    load: () => import('./commands/sample.js'),
  },
};

function help(): string {
  const lines = ['yjinspect: run a youth justice inspection (HM Inspectorate of Probation framework)', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(15)} ${c.summary}`);
  lines.push('', 'Usage:');
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`);
  lines.push('', 'Run `yjinspect COMMAND --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`yjinspect: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  const mod = await command.load();
  try {
    return await mod.run(rest);
  } catch (err) {
    // The embedded data folder is held by a server or another command: say who, and what to do instead.
    const { DataFolderInUseError } = await import('../store/folder-lock.js');
    if (!(err instanceof DataFolderInUseError) || name === 'serve') throw err;
    const { inUseMessage } = await import('./folder-in-use.js');
    process.stderr.write(inUseMessage(name, rest, err));
    return 2;
  }
}
