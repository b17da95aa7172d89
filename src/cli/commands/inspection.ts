/**
 * `yjinspect inspection create --service NAME --title TITLE --framework ID [--fieldwork-start DATE]
 * [--fieldwork-end DATE] [--lead EMAIL]` and `yjinspect inspection list [--json]`. The service is found by its
 * name (any case) or added. Everything is checked before anything is saved; every change goes through the
 * services, which record it in history.
 */
import { frameworkIds, isFrameworkVersion } from '../../core/framework/index.js';
import { parseArgs } from 'node:util';
import { COMMAND_LINE_READER, inspectionInput, isServiceError, openServices, serviceInput, storeOptionsFromEnv } from '../../app/index.js';

const USAGE = `Usage:
  yjinspect inspection create --service NAME --title TITLE --framework ID
                              [--fieldwork-start YYYY-MM-DD] [--fieldwork-end YYYY-MM-DD] [--lead EMAIL]
      The service is the one with that name (any case), or a new one. --lead gives that account the lead
      inspector role. Prints the new inspection's id (for yjinspect user add|grant --inspection ID).
  yjinspect inspection list [--json]
      Every inspection: id, title, service, framework, phase and fieldwork dates.`;

class UsageProblem extends Error {}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'create') return await create(rest);
    if (sub === 'list') return await list(rest);
  } catch (err) {
    const message = err instanceof UsageProblem || (err instanceof TypeError && /option|argument/i.test(err.message)) ? err.message : null;
    if (message !== null) {
      process.stderr.write(`yjinspect inspection ${sub}: ${message}\n${USAGE}\n`);
      return 2;
    }
    if (isServiceError(err)) {
      process.stderr.write(`yjinspect inspection ${sub}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

async function create(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      service: { type: 'string' }, title: { type: 'string' }, framework: { type: 'string' },
      'fieldwork-start': { type: 'string' }, 'fieldwork-end': { type: 'string' }, lead: { type: 'string' },
    },
    strict: true,
  });
  const missing = (['service', 'title', 'framework'] as const).filter((k) => !values[k]);
  if (missing.length) throw new UsageProblem(`${missing.map((k) => `--${k}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`);
  const input = {
    title: values.title!,
    frameworkVersion: values.framework!,
    ...(values['fieldwork-start'] ? { fieldworkStart: values['fieldwork-start'] } : {}),
    ...(values['fieldwork-end'] ? { fieldworkEnd: values['fieldwork-end'] } : {}),
  };
  // Every problem at once, in the command's own option names, before anything is written.
  const optionOf: Record<string, string> = { title: '--title', frameworkVersion: '--framework', fieldworkStart: '--fieldwork-start', fieldworkEnd: '--fieldwork-end' };
  const problems: string[] = [];
  const checked = inspectionInput.safeParse({ ...input, serviceId: 'checked-below' });
  if (!checked.success) {
    for (const i of checked.error.issues) {
      const field = String(i.path[0] ?? '');
      if (field !== 'frameworkVersion') problems.push(`${optionOf[field] ?? field}: ${i.message}`);
    }
  }
  const named = serviceInput.safeParse({ name: values.service });
  if (!named.success) problems.push(`--service: ${named.error.issues[0]?.message ?? 'give the name of the service'}`);

  const { services, close } = await openServices(storeOptionsFromEnv());
  try {
    // The frameworks this database has loaded (built in, FRAMEWORKS_DIR or uploaded), in option order.
    if (!isFrameworkVersion(values.framework)) problems.unshift(`--framework: give one of ${frameworkIds().join(', ')}`);
    const lead = values.lead ? await services.accounts.findByEmail(null, values.lead) : null;
    if (values.lead && (!lead || lead.disabled)) problems.push(`--lead: ${lead ? `the account ${values.lead} is disabled` : `no account for ${values.lead}`}`);
    if (problems.length) throw new UsageProblem(`nothing was created:\n  ${problems.join('\n  ')}`);

    const known = (await services.inspections.listServices(null)).find((s) => s.name.toLowerCase() === values.service!.trim().toLowerCase());
    const service = known ?? (await services.inspections.createService(null, { name: values.service }));
    const { id } = await services.inspections.create(null, { ...input, serviceId: service.id });
    if (lead) await services.accounts.grantRole(null, id, { accountId: lead.id, role: 'lead-inspector' });
    process.stdout.write(`${id}\n`);
    process.stderr.write(`Created "${values.title}" for ${service.name}${known ? '' : ' (a new service)'} on the ${values.framework} framework${lead ? `, lead inspector ${lead.email}` : ''}.\n`);
    return 0;
  } finally {
    await close();
  }
}

async function list(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
  const { services, close } = await openServices(storeOptionsFromEnv());
  try {
    // Oldest first, as they were created.
    const rows = (await services.inspections.list(COMMAND_LINE_READER)).reverse()
      .map((i) => ({ id: i.id, title: i.title, service: i.serviceName, framework: i.frameworkVersion, phase: i.phase, fieldwork_start: i.fieldworkStart, fieldwork_end: i.fieldworkEnd }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows.map((r) => ({ id: r.id, title: r.title, service: r.service, framework: r.framework, phase: r.phase, fieldworkStart: r.fieldwork_start, fieldworkEnd: r.fieldwork_end })), null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) process.stdout.write('There are no inspections yet: add one with yjinspect inspection create.\n');
    for (const r of rows) {
      const dates = r.fieldwork_start ? `, fieldwork ${r.fieldwork_start}${r.fieldwork_end ? ` to ${r.fieldwork_end}` : ''}` : '';
      process.stdout.write(`${r.id}  ${r.title} (${r.service}; ${r.framework} framework; ${r.phase}${dates})\n`);
    }
    return 0;
  } finally {
    await close();
  }
}
