/**
 * The `smart-jkn` command line (formats.md): the same use cases as the HTTP routes.
 * Exit codes: 0 success, 1 rejected rows, 2 usage error, 3 the embedded database is in use.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { compose, type Services } from '../app/compose.ts';
import { openApp } from '../app/context.ts';
import { databaseConfig } from '../config.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { toContractReport } from '../domain/coverage.ts';
import { type Actor, addUser, isRole, ROLES, UserInputError } from '../modules/access/index.ts';
import { exportCoverage } from '../modules/coverage/index.ts';
import { createDemoDistrict, DEFAULT_SEED, NotADemoDatabaseError } from '../modules/demo/index.ts';
import { ApiKeyInputError, createApiKey } from '../modules/fhir/index.ts';
import { formatUsageErrors, parseProgrammes, type Programmes } from '../domain/funding/programmes.ts';
import { confirmActivations, exportPlan, findProgrammes, FundingService, type PlanExportFormat } from '../modules/funding/index.ts';
import { evaluationReport, exportScorecards } from '../modules/quality/index.ts';
import { FACILITY_SOURCES, importFacilityFile, importFile, isFacilitySource, isSource, listIssues, SOURCES } from '../modules/registry/index.ts';
import { demoProgress, importProgressBar } from './progress.ts';
import { readPasswordFromStdin } from './stdin.ts';
import { serve } from './serve.ts';
import { snapshotOnImport } from '../modules/coverage/snapshot-repository.ts';

export class UsageError extends Error {}

const program = new Command('smart-jkn')
  .description('SMART JKN: keep every resident of the district covered by JKN, and the membership active')
  .option('--data-dir <dir>', 'embedded database directory (default $SMART_JKN_DATA_DIR or ./data); ignored when DATABASE_URL is set')
  .exitOverride();

const dataDirOption = () => program.opts<{ dataDir?: string }>().dataDir;

/** The operator at the command line, by login name: the audit records name them. */
const cliActor = (): Actor => ({ userId: null, username: `cli:${process.env.USER ?? 'unknown'}`, role: null, ip: null, via: 'cli' });

/** Opens the database and the services (the composition root; no live BPJS at the command line), then closes both. */
async function withServices(work: (services: Services) => Promise<void>): Promise<void> {
  const app = await openApp(databaseConfig({ dataDir: dataDirOption() }));
  const services = compose(app, { bpjs: null });
  try {
    await work(services);
  } finally {
    await services.close();
    await app.close();
  }
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

program
  .command('import')
  .description(`import a CSV file of a source (${[...SOURCES, ...FACILITY_SOURCES].join(', ')}); all or nothing unless --skip-invalid`)
  .argument('<source>', [...SOURCES, ...FACILITY_SOURCES].join(' | '))
  .argument('<file>', 'CSV file, UTF-8, comma separated, header line first')
  .option('--skip-invalid', 'write the valid rows and report the rest')
  .addOption(new Option('--format <format>', 'how to report the result').choices(['text', 'json']).default('text'))
  .action(async (source: string, file: string, options: { skipInvalid?: boolean; format: 'text' | 'json' }) => {
    if (!isSource(source) && !isFacilitySource(source)) {
      throw new UsageError(`unknown source "${source}": use one of ${[...SOURCES, ...FACILITY_SOURCES].join(', ')}`);
    }
    if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
    if (isFacilitySource(source)) {
      await withServices(async ({ app }) => {
        const result = await importFacilityFile(app.db, {
          source,
          filePath: file,
          skipInvalid: Boolean(options.skipInvalid),
          district: app.district,
          actor: cliActor(),
          issueLimit: Number.MAX_SAFE_INTEGER,
          auditDetail: { file },
        });
        if (options.format === 'json') {
          const { issues, issuesTruncated: _t, ...summary } = result;
          process.stdout.write(`${JSON.stringify({ ...summary, issues: issues.map(({ line, column, reason }) => ({ line, column, reason })) }, null, 2)}\n`);
        } else {
          for (const i of result.issues) process.stderr.write(`line ${i.line}, column ${i.column || '-'}: ${i.reason}\n`);
          const verdict =
            result.status === 'rejected'
              ? `rejected: ${result.rowsInvalid} invalid row(s), nothing was written`
              : `imported: ${result.rowsValid} row(s)${result.rowsInvalid ? `, ${result.rowsInvalid} invalid row(s) skipped` : ''}` +
                (result.facilityMonths === undefined ? '' : ` (${result.facilityMonths} facility-month(s) replaced)`);
          process.stderr.write(`${source} ${file}: ${verdict}\n`);
        }
        process.exitCode = result.status === 'rejected' ? 1 : 0;
      });
      return;
    }
    await withServices(async ({ app }) => {
      const bar = importProgressBar(`${source} `);
      const result = await importFile(app.db, {
        source,
        filePath: file,
        skipInvalid: Boolean(options.skipInvalid),
        username: process.env.USER ?? 'cli',
        district: app.district,
        issueLimit: 0,
        onCommit: snapshotOnImport(app.db.kind),
        onProgress: bar.update,
        audit: { userId: null, username: cliActor().username, detail: { file, via: 'cli' } },
      }).finally(bar.stop);
      // Every rejected row, read back page by page so a file full of errors never sits in memory.
      const issues: { line: number; column: string; reason: string }[] = [];
      for (let offset = 0; offset < result.issuesTotal; offset += 10_000) {
        const page = await listIssues(app.db, app.district.district.code, result.batchId, offset, 10_000);
        if (options.format === 'json') issues.push(...page);
        else for (const i of page) process.stderr.write(`line ${i.line}, column ${i.column || '-'}: ${i.reason}\n`);
      }
      const { issues: _shown, issuesTruncated: _t, ...summary } = result;
      if (options.format === 'json') process.stdout.write(`${JSON.stringify({ ...summary, issues }, null, 2)}\n`);
      else {
        const verdict =
          result.status === 'rejected'
            ? `rejected: ${result.rowsInvalid} invalid row(s), nothing was written`
            : `${result.status === 'history' ? 'kept as history (older than the current extract)' : 'imported'}: ` +
              `${result.rowsValid} row(s)${result.rowsInvalid ? `, ${result.rowsInvalid} invalid row(s) skipped` : ''}`;
        process.stderr.write(`${source} ${file}: ${verdict}${result.dataPer ? ` (data per ${result.dataPer})` : ''}\n`);
      }
      // Sent funding cases whose person this extract shows AKTIF become active.
      if (source === 'peserta' && result.status === 'committed') await confirmActivations(app.db, app.district.district.code);
      process.exitCode = result.status === 'rejected' ? 1 : 0;
    });
  });

const report = program.command('report').description('reports for offices and scripts');
report
  .command('coverage')
  .description('coverage and active rate (formats.md contract JSON), or CSV / Excel / PDF for offices')
  .addOption(new Option('--level <level>', 'area level of the rows').choices(['kabupaten', 'kecamatan', 'desa']).default('kabupaten'))
  .option('--parent <code>', 'only the desa of this kecamatan (with --level desa)')
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'xlsx', 'pdf']).default('json'))
  .addOption(new Option('--lang <lang>', 'language of xlsx/pdf labels').choices(['id', 'en']).default('id'))
  .option('-o, --output <file>', 'write to a file (required for xlsx and pdf)')
  .action(async (options: { level: 'kabupaten' | 'kecamatan' | 'desa'; parent?: string; format: string; lang: 'id' | 'en'; output?: string }) => {
    if ((options.format === 'xlsx' || options.format === 'pdf') && !options.output && process.stdout.isTTY) {
      throw new UsageError(`--format ${options.format} writes a binary file: give --output FILE or redirect standard output`);
    }
    await withServices(async ({ app, coverage }) => {
      const report = await coverage.report(options.level, options.parent);
      let body: Buffer;
      if (options.format === 'json') body = Buffer.from(`${JSON.stringify(toContractReport(report), null, 2)}\n`);
      else {
        const file = await exportCoverage(report, options.format as 'csv' | 'xlsx' | 'pdf', {
          districtName: app.district.district.name,
          timeZone: app.district.timeZone,
          language: options.lang,
        });
        body = file.body;
      }
      if (options.output) await writeFile(options.output, body);
      else process.stdout.write(body);
    });
  });

report
  .command('scorecard')
  .description('facility scorecards of a month (formats.md contract JSON), or CSV / Excel / PDF; --evaluation for the monthly evaluation PDF')
  .requiredOption('--month <YYYY-MM>', 'the month')
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'xlsx', 'pdf']).default('json'))
  .option('--evaluation', 'the monthly evaluation report for the Bupati (PDF, Indonesian) instead of the table')
  .option('-o, --output <file>', 'write to a file (required for xlsx and pdf on a terminal)')
  .action(async (options: { month: string; format: string; evaluation?: boolean; output?: string }) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw new UsageError(`--month: "${options.month}" is not a month YYYY-MM`);
    const binary = options.evaluation || options.format === 'xlsx' || options.format === 'pdf';
    if (binary && !options.output && process.stdout.isTTY) throw new UsageError('this writes a binary file: give --output FILE or redirect standard output');
    await withServices(async ({ app, scorecards }) => {
      const files = { districtName: app.district.district.name, timeZone: app.district.timeZone };
      let body: Buffer;
      if (options.evaluation) {
        const view = await scorecards.view(options.month);
        body = (await evaluationReport(view, await scorecards.overdueComplaints(new Date()), { ...files, facilityNames: new Map(view.rows.map((r) => [r.kode, r.nama])) })).body;
      } else if (options.format === 'json') body = Buffer.from(`${JSON.stringify(await scorecards.report(options.month), null, 2)}\n`);
      else {
        const format = options.format as 'csv' | 'xlsx' | 'pdf';
        body = (await exportScorecards(await scorecards.report(options.month), await scorecards.view(options.month), format, files)).body;
      }
      if (options.output) await writeFile(options.output, body);
      else process.stdout.write(body);
    });
  });

program
  .command('plan')
  .description('compute a funding plan on the current data (formats.md "Funding plan"): JSON, or CSV / Excel / PDF for offices')
  .option('--programs <file>', 'programmes file (JSON); without it, the programmes saved in the application')
  .option('--date <YYYY-MM-DD>', 'the date ages and prioritas `sampai` are judged on (default today in the district)')
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'xlsx', 'pdf']).default('json'))
  .addOption(new Option('--lang <lang>', 'language of xlsx/pdf labels').choices(['id', 'en']).default('id'))
  .option('-o, --output <file>', 'write to a file (required for xlsx and pdf on a terminal)')
  .action(async (options: { programs?: string; date?: string; format: string; lang: 'id' | 'en'; output?: string }) => {
    if ((options.format === 'xlsx' || options.format === 'pdf') && !options.output && process.stdout.isTTY) {
      throw new UsageError(`--format ${options.format} writes a binary file: give --output FILE or redirect standard output`);
    }
    if (options.date !== undefined && !FundingService.isDate(options.date)) throw new UsageError(`--date: "${options.date}" is not a date YYYY-MM-DD`);
    // The file is checked before the database is opened: a malformed one writes nothing.
    let programmes: Programmes | undefined;
    if (options.programs !== undefined) {
      if (!existsSync(options.programs)) throw new UsageError(`--programs: file not found: ${options.programs}`);
      const parsed = parseProgrammes(await readFile(options.programs, 'utf8'));
      if (!parsed.ok) throw new UsageError(`--programs ${options.programs} is malformed:\n${formatUsageErrors(parsed.errors)}`);
      programmes = parsed.value;
    }
    await withServices(async ({ app, funding }) => {
      programmes ??= (await findProgrammes(app.db, app.district.district.code)).programmes;
      const { plan } = await funding.plan(programmes, options.date ?? funding.today());
      const body =
        options.format === 'json'
          ? Buffer.from(`${JSON.stringify(plan, null, 2)}\n`)
          : (await exportPlan(plan, options.format as PlanExportFormat, options.lang)).body;
      if (options.output) await writeFile(options.output, body);
      else process.stdout.write(body);
    });
  });

program
  .command('demo')
  .description('create the synthetic demo district (Lombok Timur calibrated to public figures) through the import path')
  .option('--scale <factor>', 'population as a fraction of 1,457,591 (1 = full district)', positiveNumber, 1)
  .option('--seed <n>', 'random seed: the same seed gives the same district', integer, DEFAULT_SEED)
  .action(async (options: { scale: number; seed: number }) => {
    await withServices(async ({ app }) => {
      const progress = demoProgress();
      const { results, logins } = await createDemoDistrict(app, { ...options, onStep: progress.update }).finally(progress.stop);
      for (const r of results) process.stderr.write(`${r.source}${r.dataPer ? ` ${r.dataPer}` : ''}: ${r.rowsValid} rows (${r.status})\n`);
      process.stderr.write(`Demo logins: ${logins.map((l) => `${l.username} / ${l.password} (${l.role})`).join(', ')}\n`);
    });
  });

program
  .command('serve')
  .description('start the web application and API')
  .option('--port <n>', 'port (default $PORT or 3000)', integer)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--demo', 'on an empty database, create the demo district first (small scale, ready within a minute)')
  .action(async (options: { port?: number; host: string; demo?: boolean }) => {
    await serve({
      port: options.port ?? Number(process.env.PORT ?? 3000),
      host: options.host,
      demo: Boolean(options.demo),
      dataDir: dataDirOption(),
    });
  });

program
  .command('user')
  .description('manage users')
  .command('add')
  .description('add a user; the password is read from standard input')
  .argument('<name>', 'username')
  .requiredOption('--role <role>', ROLES.join(' | '))
  .option('--facility <code>', 'facility code (required for role faskes)')
  .action(async (name: string, options: { role: string; facility?: string }) => {
    if (!isRole(options.role)) throw new UsageError(`unknown role "${options.role}": use one of ${ROLES.join(', ')}`);
    const password = await readPasswordFromStdin();
    const role = options.role;
    await withServices(async ({ app }) => {
      const user = await addUser(
        app.db,
        { username: name, password, role, facilityCode: options.facility, districtCode: app.district.district.code },
        cliActor(),
      );
      process.stderr.write(`user ${user.username} added with role ${user.role}\n`);
    });
  });

program
  .command('apikey')
  .description('API keys for facility systems (FHIR)')
  .command('add')
  .description('make an API key for a facility system; the key is printed once, on standard output')
  .requiredOption('--facility <code>', 'facility code the key speaks for (cases and audit carry it)')
  .requiredOption('--label <text>', 'the system that uses the key, e.g. "SIMRS RSUD Selong"')
  .action(async (options: { facility: string; label: string }) => {
    await withServices(async ({ app }) => {
      const created = await createApiKey(
        app.db,
        { districtCode: app.district.district.code, facilityCode: options.facility, label: options.label },
        cliActor(),
      );
      process.stdout.write(`${created.key}\n`);
      process.stderr.write(`API key ${created.id} for facility ${created.facilityCode} added; it is shown only now\n`);
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError || error instanceof UserInputError || error instanceof ApiKeyInputError) {
    process.stderr.write(`smart-jkn: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof DataDirLockedError) {
    process.stderr.write(`smart-jkn: ${error.message}\n`);
    process.exitCode = 3;
  } else if (error instanceof NotADemoDatabaseError) {
    process.stderr.write(`smart-jkn: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`smart-jkn: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  }
}
