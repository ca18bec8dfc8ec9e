/**
 * No Docker engine runs in CI, so these tests keep docker-compose.yml, the Dockerfile,
 * .dockerignore and the packages' production exports honest by reading them: every
 * service builds from a stage that exists, every bot gets exactly the variables its
 * config reads and accepts their values, nothing secret is written down, and the
 * start-up order holds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLATFORM_VARIABLES, SLUG_PATTERN } from '@booking/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { loadConfig as loadClientBotConfig } from '../apps/client-bot/src/config.js';
import { loadConfig as loadMasterBotConfig } from '../apps/master-bot/src/config.js';
import { loadConfig as loadSalesBotConfig } from '../apps/sales-bot/src/config.js';
import { SCRIPT_VARIABLES } from './lib/cli.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

type Environment = Record<string, string>;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  volumes?: string[];
}

const BOT_APPS = ['client-bot', 'master-bot', 'sales-bot'] as const;
type BotApp = (typeof BOT_APPS)[number];

const LOAD_CONFIG: Record<BotApp, (source: Record<string, string | undefined>) => unknown> = {
  'client-bot': loadClientBotConfig,
  'master-bot': loadMasterBotConfig,
  'sales-bot': loadSalesBotConfig,
};

/** Values the operator supplies through .env; any valid ones do. */
const OPERATOR_ENV: Environment = {
  TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
  POSTGRES_PASSWORD: 'b'.repeat(48),
};

/**
 * Compose's variable substitution: `${X}`, `${X:-default}`, `${X-default}`,
 * `${X:?message}`, `${X?message}`, `$X` and `$$`. Throws where compose would refuse.
 */
function interpolate(value: string, env: Environment): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, operator?: string, argument?: string, bare?: string) => {
      if (match === '$$') {
        return '$';
      }
      const name = (braced ?? bare) as string;
      const current = env[name];
      const unset = operator?.startsWith(':') ? !current : current === undefined;
      if (!unset) {
        return current ?? '';
      }
      if (operator?.endsWith('?')) {
        throw new Error(`required variable ${name} is missing: ${argument ?? ''}`);
      }
      if (operator?.endsWith('-')) {
        return interpolate(argument ?? '', env);
      }
      return '';
    },
  );
}

function environmentOf(service: Service): Environment {
  const raw = service.environment ?? {};
  const entries = Array.isArray(raw)
    ? raw.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(raw).map(([name, value]) => [name, value === null ? '' : String(value)]);
  return Object.fromEntries(entries);
}

function resolvedEnvironment(service: Service, env: Environment = OPERATOR_ENV): Environment {
  return Object.fromEntries(
    Object.entries(environmentOf(service)).map(([name, value]) => [name, interpolate(value, env)]),
  );
}

function dependencies(service: Service): Record<string, string | undefined> {
  const raw = service.depends_on ?? [];
  return Array.isArray(raw)
    ? Object.fromEntries(raw.map((name) => [name, 'service_started']))
    : Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, value.condition]));
}

function targetOf(service: Service): string | undefined {
  return typeof service.build === 'object' ? service.build.target : undefined;
}

function asList(value: string[] | string | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

/** `FROM <image> AS <name>` stages of the Dockerfile, with the lines of each. */
function dockerfileStages(text: string): Map<string, string[]> {
  const stages = new Map<string, string[]>();
  let current: string[] | undefined;
  const joined = text.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line.trim());
    if (from) {
      current = [line.trim()];
      if (from[1]) {
        stages.set(from[1].toLowerCase(), current);
      }
    } else if (current && line.trim() && !line.trim().startsWith('#')) {
      current.push(line.trim());
    }
  }
  return stages;
}

/** A stage's lines, its ancestors' first (`FROM <stage>` inherits ENV, USER, HEALTHCHECK). */
function stageWithAncestors(stages: Map<string, string[]>, name: string): string[] {
  const lines = stages.get(name);
  if (!lines) {
    return [];
  }
  const parent = /^FROM\s+(\S+)/i.exec(lines[0] ?? '')?.[1]?.toLowerCase();
  const inherited = parent && stages.has(parent) ? stageWithAncestors(stages, parent) : [];
  return [...inherited, ...lines];
}

/** Variable names an app's config.ts declares beside `...PLATFORM_VARIABLES`. */
function appVariableNames(app: BotApp): string[] {
  const text = read(`apps/${app}/src/config.ts`);
  const shape = /const VARIABLES = \{([\s\S]*?)\n\};/.exec(text)?.[1];
  if (shape === undefined) {
    throw new Error(`apps/${app}/src/config.ts: no VARIABLES shape found`);
  }
  return [...shape.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)].map((match) => match[1] as string);
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = Object.entries(compose.services);
const dockerfile = read('Dockerfile');
const stages = dockerfileStages(dockerfile);
const bots = services.filter(([, service]) => BOT_APPS.includes(targetOf(service) as BotApp)) as [
  string,
  Service,
][];
const appOf = (service: Service): BotApp => targetOf(service) as BotApp;
const clientBots = bots.filter(([, service]) => appOf(service) === 'client-bot');

/** Every name some process reads: the platform's, each app's own, the scripts'. */
const KNOWN_VARIABLES = new Set([
  ...Object.keys(PLATFORM_VARIABLES),
  ...BOT_APPS.flatMap(appVariableNames),
]);
const REQUIRED_PLATFORM_VARIABLES = Object.entries(PLATFORM_VARIABLES)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([name]) => name);

describe('docker-compose.yml services', () => {
  it('runs postgres 15 and redis 7 with healthchecks, postgres on a named volume', () => {
    const postgres = compose.services.postgres;
    const redis = compose.services.redis;
    expect(postgres?.image).toMatch(/^postgres:15(\b|$)/);
    expect(redis?.image).toMatch(/^redis:7(\b|$)/);
    expect(asList(postgres?.healthcheck?.test)).toContain('pg_isready');
    expect(asList(redis?.healthcheck?.test).join(' ')).toMatch(/redis-cli\b.*\bping/);
    const dataVolume = postgres?.volumes?.find((volume) =>
      volume.endsWith(':/var/lib/postgresql/data'),
    );
    expect(dataVolume, 'postgres keeps its data on a volume').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume?.split(':')[0]);
  });

  it('gives every service a pinned image or a build of an existing Dockerfile stage', () => {
    expect(services.length).toBeGreaterThan(0);
    for (const [name, service] of services) {
      expect(service.image ?? service.build, `${name} has an image or a build`).toBeDefined();
      if (service.build === undefined) {
        expect(service.image, `${name}: a tag, never :latest`).toMatch(
          /^[a-z0-9][a-z0-9._/-]*:(?!latest$)[\w.-]+$/,
        );
        continue;
      }
      const build = typeof service.build === 'string' ? { context: service.build } : service.build;
      const context = join(ROOT, build.context ?? '.');
      expect(existsSync(join(context, build.dockerfile ?? 'Dockerfile')), name).toBe(true);
      expect(build.target, `${name} names its Dockerfile target`).toBeDefined();
      expect([...stages.keys()], `${name}: target ${build.target}`).toContain(build.target);
    }
  });

  it('has master-bot, sales-bot, migrate and at least one client-bot', () => {
    const targets = services.map(([, service]) => targetOf(service));
    expect(targets).toEqual(expect.arrayContaining(['master-bot', 'sales-bot', 'migrate']));
    expect(clientBots.length).toBeGreaterThan(0);
  });
});

describe('docker-compose.yml bots', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('give every bot the platform variables, the Telegram API root and a restart policy', () => {
    expect(REQUIRED_PLATFORM_VARIABLES).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'TOKEN_ENCRYPTION_KEY']),
    );
    for (const [name, service] of bots) {
      const env = resolvedEnvironment(service, OPERATOR_ENV);
      for (const variable of [...REQUIRED_PLATFORM_VARIABLES, 'TELEGRAM_API_ROOT']) {
        expect(env[variable], `${name}: ${variable}`).toBeTruthy();
      }
      expect(env.TELEGRAM_API_ROOT, `${name}: default API root`).toBe('https://api.telegram.org');
      expect(service.restart, name).toBe('unless-stopped');
    }
  });

  it('set only variables that some config reads', () => {
    for (const [name, service] of bots) {
      const unknown = Object.keys(environmentOf(service)).filter((v) => !KNOWN_VARIABLES.has(v));
      expect(unknown, `${name} sets variables no config reads`).toEqual([]);
    }
    const migrate = compose.services.migrate as Service;
    const scriptNames = new Set(Object.keys(SCRIPT_VARIABLES));
    const unknown = Object.keys(environmentOf(migrate)).filter((v) => !scriptNames.has(v));
    expect(unknown, 'migrate sets variables the scripts do not read').toEqual([]);
  });

  it("pass each bot's own configuration validation", () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`configuration rejected (exit ${String(code)})`);
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    for (const [name, service] of bots) {
      const env = resolvedEnvironment(service, OPERATOR_ENV);
      expect(() => LOAD_CONFIG[appOf(service)](env), name).not.toThrow();
    }
    expect(exit).not.toHaveBeenCalled();
  });

  it('refuse to start without TOKEN_ENCRYPTION_KEY and write down no secret', () => {
    for (const [name, service] of services) {
      const env = environmentOf(service);
      if (bots.some(([bot]) => bot === name)) {
        expect(env.TOKEN_ENCRYPTION_KEY, name).toMatch(/^\$\{TOKEN_ENCRYPTION_KEY:\?[^}]+\}$/);
        const { TOKEN_ENCRYPTION_KEY: _omitted, ...withoutKey } = OPERATOR_ENV;
        expect(() => resolvedEnvironment(service, withoutKey), name).toThrow(
          /TOKEN_ENCRYPTION_KEY/,
        );
      }
      for (const [variable, value] of Object.entries(env)) {
        if (/KEY|SECRET|PASSWORD|TOKEN/.test(variable)) {
          expect(value, `${name}: ${variable} comes from the environment`).toMatch(
            /^\$\{[A-Z_]+:\?[^}]+\}$/,
          );
        }
        const password = /^[a-z]+:\/\/[^:/@]*:([^@]*)@/.exec(value)?.[1];
        if (password !== undefined) {
          expect(password, `${name}: ${variable} has its password from the environment`).toMatch(
            /^\$\{[A-Z_]+:\?[^}]+\}$/,
          );
        }
        expect(value, `${name}: ${variable} looks like a bot token`).not.toMatch(
          /\d{6,}:[\w-]{30,}/,
        );
        expect(value, `${name}: ${variable} looks like a key`).not.toMatch(/\b[0-9a-f]{64}\b/i);
      }
    }
  });

  it('start bots after postgres and redis are healthy and migrate has completed', () => {
    for (const [name, service] of bots) {
      expect(dependencies(service), name).toEqual(
        expect.objectContaining({
          postgres: 'service_healthy',
          redis: 'service_healthy',
          migrate: 'service_completed_successfully',
        }),
      );
    }
    const migrate = compose.services.migrate as Service;
    expect(targetOf(migrate)).toBe('migrate');
    expect(dependencies(migrate)).toEqual(expect.objectContaining({ postgres: 'service_healthy' }));
    expect(migrate.restart ?? 'no', 'a one-shot service never restarts').toMatch(
      /^(no|on-failure)/,
    );
    expect(resolvedEnvironment(migrate).DATABASE_URL).toBe(
      resolvedEnvironment(compose.services['master-bot'] as Service).DATABASE_URL,
    );
  });

  it('check /health on the ops port of each bot, which listens beyond the container', () => {
    for (const [name, service] of bots) {
      // Outside a container the ops server listens on loopback; inside, Prometheus and
      // the orchestrator reach it from another network namespace.
      expect(resolvedEnvironment(service).OPS_HOST, name).toBe('0.0.0.0');
      const opsPort = Number(resolvedEnvironment(service).OPS_PORT ?? 9090);
      const test = asList(service.healthcheck?.test);
      expect(service.healthcheck?.disable, name).not.toBe(true);
      expect(test[0], name).toMatch(/^CMD(-SHELL)?$/);
      const url = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)\/health\b/.exec(test.join(' '));
      expect(url, `${name}: healthcheck requests /health`).not.toBeNull();
      expect(Number(url?.[1]), `${name}: healthcheck port is OPS_PORT`).toBe(opsPort);
    }
  });

  it('run one client-bot-fleet by default, and pinned client-bots each for one valid, distinct tenant', () => {
    const fleets = clientBots.filter(([, service]) => asList(service.command)[0] === '--fleet');
    expect(fleets.map(([name]) => name)).toEqual(['client-bot-fleet']);
    expect(asList(fleets[0]?.[1].command)).toEqual(['--fleet']);
    // A fleet replica's INSTANCE_ID would be shared by every scaled copy: it leaves it
    // to the runtime (host name and pid), which differs per replica.
    expect(resolvedEnvironment(fleets[0]?.[1] as Service).INSTANCE_ID).toBeUndefined();
    const pinned = clientBots.filter(([, service]) => asList(service.command)[0] !== '--fleet');
    const slugs = pinned.map(([name, service]) => {
      const command = asList(service.command);
      expect(command, name).toHaveLength(2);
      expect(command[0], name).toBe('--tenant');
      const slug = command[1] as string;
      expect(slug, name).toMatch(/^[a-z][a-z0-9_]{2,40}$/);
      expect(slug, name).toMatch(SLUG_PATTERN);
      expect(name, 'service named after its tenant').toBe(`client-bot-${slug.replace(/_/g, '-')}`);
      expect(resolvedEnvironment(service).INSTANCE_ID ?? name, name).toContain(slug);
      return slug;
    });
    expect(new Set(slugs).size, 'one container per tenant').toBe(slugs.length);
  });

  it('keeps one commented example of a pinned client-bot that parses as a service', () => {
    const lines = read('docker-compose.yml').split('\n');
    const start = lines.findIndex((line) => /^ {2}# client-bot-[a-z0-9-]+:$/.test(line));
    expect(start, 'a commented client-bot-<slug> service').toBeGreaterThan(0);
    const block: string[] = [];
    for (const line of lines.slice(start)) {
      if (!line.startsWith('  #')) {
        break;
      }
      block.push(line.replace(/^ {2}# ?/, ''));
    }
    // The anchors it refers to (`<<: *bot`) are defined outside the comment.
    const own = block.filter((line) => !/\*[a-z-]+/.test(line));
    const example = parse(own.join('\n')) as Record<string, { command?: unknown }>;
    const [name, service] = Object.entries(example)[0] ?? [];
    const command = asList(service?.command as never);
    expect(command[0]).toBe('--tenant');
    expect(name).toBe(`client-bot-${String(command[1]).replace(/_/g, '-')}`);
    expect(read('docker-compose.yml')).toContain('tenant.js pin');
  });
});

describe('Dockerfile', () => {
  it('builds on node:22-bookworm-slim with pnpm 10 and a frozen lockfile', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(dockerfile).toMatch(/npm i(nstall)? -g pnpm@(\$\{PNPM_VERSION\}|10)/);
    expect(dockerfile).toMatch(/^ARG PNPM_VERSION=10(\.|$)/m);
    expect(stageWithAncestors(stages, 'build').join('\n')).toMatch(
      /pnpm install --frozen-lockfile[\s\S]*pnpm build/,
    );
    expect(stageWithAncestors(stages, 'runtime').join('\n')).toMatch(
      /pnpm install --prod --frozen-lockfile/,
    );
  });

  it('copies every workspace package manifest before installing', () => {
    const workspaceDirs = ['apps', 'packages'].flatMap((parent) =>
      readdirSync(join(ROOT, parent))
        .filter((dir) => existsSync(join(ROOT, parent, dir, 'package.json')))
        .map((dir) => `${parent}/${dir}`),
    );
    const manifests = stages.get('manifests')?.join('\n') ?? '';
    for (const dir of workspaceDirs) {
      expect(manifests, dir).toContain(`COPY ${dir}/package.json ${dir}/`);
    }
  });

  it('gives each bot target its compiled entry point, a non-root user and production imports', () => {
    for (const app of BOT_APPS) {
      const lines = stageWithAncestors(stages, app);
      expect(lines.length, app).toBeGreaterThan(0);
      const entry = lines.filter((line) => /^ENTRYPOINT\b/.test(line)).at(-1);
      expect(entry, app).toBe(`ENTRYPOINT ["node", "apps/${app}/dist/main.js"]`);
      expect(existsSync(join(ROOT, `apps/${app}/src/main.ts`)), app).toBe(true);
      expect(lines.join('\n'), `${app}: dist copied from the build stage`).toContain(
        `COPY --from=build /app/apps/${app}/dist apps/${app}/dist`,
      );
      const user = lines.filter((line) => /^USER\b/.test(line)).at(-1);
      expect(user, app).toBeDefined();
      expect(user, app).not.toMatch(/^USER\s+(root|0)(:|$)/);
      expect(lines.join('\n'), app).toMatch(/NODE_OPTIONS="[^"]*--conditions=production/);
      const healthcheck = lines.filter((line) => /^HEALTHCHECK\b/.test(line)).at(-1);
      expect(healthcheck, app).toMatch(/process\.env\.OPS_PORT \|\| 9090\) \+ '\/health'/);
      expect(lines.join('\n'), `${app}: ops server reachable from outside the container`).toMatch(
        /\bOPS_HOST=0\.0\.0\.0\b/,
      );
    }
  });

  it('runs the operator scripts from the migrate target', () => {
    const lines = stageWithAncestors(stages, 'migrate');
    expect(lines.filter((line) => /^CMD\b/.test(line)).at(-1)).toBe(
      'CMD ["node", "dist/scripts/migrate.js"]',
    );
    expect(lines.join('\n')).toContain('COPY --from=build /app/dist/scripts dist/scripts');
    const scriptsBuild = JSON.parse(read('scripts/tsconfig.build.json')) as {
      compilerOptions: { outDir: string };
      include: string[];
    };
    expect(scriptsBuild.compilerOptions.outDir).toBe('../dist/scripts');
    expect(scriptsBuild.include).toEqual(expect.arrayContaining(['migrate.ts', 'tenant.ts']));
  });

  it('keeps dependencies, build output, git and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const pattern of ['**/node_modules', '**/dist', '.git', '.env', '.dev']) {
      expect(ignored, pattern).toContain(pattern);
    }
  });
});

describe('production exports', () => {
  const manifests = ['packages/core', 'packages/bot-kit', 'apps/client-bot'];

  it.each(manifests)('%s maps every src export to its compiled dist file', (dir) => {
    const manifest = JSON.parse(read(`${dir}/package.json`)) as {
      exports: Record<string, string | { production?: string | null; default?: string }>;
    };
    const build = JSON.parse(read(`${dir}/tsconfig.build.json`)) as {
      compilerOptions: { rootDir: string; outDir: string };
      exclude: string[];
    };
    expect(build.compilerOptions).toEqual(
      expect.objectContaining({ rootDir: 'src', outDir: 'dist' }),
    );
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      expect(typeof target, `${dir} ${subpath} has conditions`).toBe('object');
      if (typeof target !== 'object') {
        continue;
      }
      expect(Object.keys(target).at(-1), `${dir} ${subpath}: default comes last`).toBe('default');
      const source = target.default as string;
      expect(existsSync(join(ROOT, dir, source)), `${dir} ${subpath}`).toBe(true);
      if (/\/testing\//.test(source)) {
        // Test helpers are not compiled; in production the subpath does not exist.
        expect(target.production, `${dir} ${subpath}`).toBeNull();
      } else {
        expect(target.production, `${dir} ${subpath}`).toBe(
          source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '.js'),
        );
      }
    }
  });
});
