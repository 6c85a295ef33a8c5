/**
 * A throw-away PostgreSQL cluster for tests, the demo and the bench: Debian's `postgresql` binaries (scripts/setup.sh),
 * `initdb` under a temp dir, listening on a free loopback port only (no other socket than one in that dir), trust
 * authentication for the loopback, no durability settings worth keeping (fsync off: the data is thrown away). It can
 * be stopped and started again on the same port with the same data (n8n restarts); when this Node process exits, the
 * cluster is stopped if it still runs and its directory removed, so nothing is left behind.
 *
 * PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` OS user Debian's package creates
 * (or `nobody` when there is none) and every PostgreSQL command runs as that user (`runuser`).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** Where Debian puts PostgreSQL's server binaries (not on PATH): the newest version installed, else PATH. */
function binDir(): string {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return '';
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : '';
}

function osUser(): { name: string; uid: number; gid: number } | undefined {
	if (userInfo().uid !== 0) return undefined;
	for (const name of ['postgres', 'nobody']) {
		try {
			const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
			const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
			return { name, uid, gid };
		} catch {
			// no such user
		}
	}
	throw new Error('PostgreSQL cannot run as root and neither the "postgres" nor the "nobody" OS user exists');
}

const running = new Set<Postgres>();
process.once('exit', () => {
	for (const pg of running) pg.disposeSync();
});

export interface PostgresEnv {
	DB_TYPE: 'postgresdb';
	DB_POSTGRESDB_HOST: string;
	DB_POSTGRESDB_PORT: string;
	DB_POSTGRESDB_DATABASE: string;
	DB_POSTGRESDB_USER: string;
	DB_POSTGRESDB_PASSWORD: string;
}

export class Postgres {
	readonly dir: string;
	readonly data: string;
	private started = false;

	private constructor(
		readonly port: number,
		private readonly user: ReturnType<typeof osUser>,
		private readonly bin: string,
	) {
		this.dir = mkdtempSync(join(tmpdir(), 'lre-pg-'));
		this.data = join(this.dir, 'data');
		if (user) chownSync(this.dir, user.uid, user.gid);
	}

	/** A fresh cluster with a database `n8n`, started. */
	static async create(): Promise<Postgres> {
		const bin = binDir();
		if (!bin) {
			try {
				execFileSync('initdb', ['--version'], { stdio: 'ignore' });
			} catch {
				throw new Error('PostgreSQL is not installed: run scripts/setup.sh (Debian package "postgresql")');
			}
		}
		const pg = new Postgres(await freePort(), osUser(), bin);
		pg.run('initdb', [
			'-D',
			pg.data,
			'-U',
			'postgres',
			'--auth=trust',
			'--encoding=UTF8',
			'--locale=C.UTF-8',
			'--no-sync',
		]);
		pg.start();
		pg.run('createdb', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', 'n8n']);
		return pg;
	}

	/** What n8n needs to use this cluster's database `n8n`. */
	env(): PostgresEnv {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	/** Starts the cluster (again), on the same port; no-op when it runs. */
	start(): void {
		if (this.started) return;
		const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
		this.run('pg_ctl', [
			'-D',
			this.data,
			'-l',
			join(this.dir, 'postgres.log'),
			'-o',
			options,
			'-w',
			'-t',
			'60',
			'start',
		]);
		this.started = true;
		running.add(this);
	}

	/** Stops the cluster (fast: open sessions are ended), keeping its data for a later `start()`. */
	stop(): void {
		if (!this.started) return;
		this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', '-t', '60', 'stop']);
		this.started = false;
	}

	/** Stops the cluster and removes its directory. */
	dispose(): void {
		this.disposeSync();
	}

	/** Synchronous, so that it also runs from a process 'exit' handler. */
	disposeSync(): void {
		try {
			if (this.started) this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
		} catch {
			// already gone
		}
		this.started = false;
		running.delete(this);
		rmSync(this.dir, { recursive: true, force: true });
	}

	/** One SQL statement through psql, its rows as tab-separated lines (for tests). */
	query(sql: string): string[] {
		const out = this.run('psql', [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.port),
			'-U',
			'postgres',
			'-d',
			'n8n',
			'-At',
			'-F',
			'\t',
			'-c',
			sql,
		]);
		return out.split('\n').filter((line) => line !== '');
	}

	private run(command: string, args: string[]): string {
		const exe = this.bin && existsSync(join(this.bin, command)) ? join(this.bin, command) : command;
		const [file, argv] = this.user ? ['runuser', ['-u', this.user.name, '--', exe, ...args]] : [exe, args];
		return execFileSync(file, argv, { encoding: 'utf8', cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
	}
}
