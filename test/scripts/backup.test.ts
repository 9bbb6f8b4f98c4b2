/**
 * `npm run backup` while tagih writes: another process keeps creating links
 * on the same database file as the backup is taken. The copy must open, pass
 * SQLite's integrity check, and hold everything written before it began.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backupDatabase } from '../../scripts/backup.ts';
import { LinkService } from '../../src/links/link-service.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { ROOT } from '../support/tagih-process.ts';

const service = (dataDir: string) =>
  new LinkService({ store: openSqliteStore({ path: databasePath(dataDir) }), publicUrl: 'http://localhost:3000', merchantName: 'Toko Uji', paymentWindowMs: 60 * 60_000 });

describe('backup of the embedded database', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'tagih-backup-'));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('taken while another process writes, opens and holds every link made before it', async function () {
    const dataDir = join(dir, 'data');
    const links = service(dataDir);
    for (let i = 0; i < 300; i++) await links.create({ merchantId: 'console:owner', via: 'console', notifyChatId: 'console', itemName: `Kaos ${i}`, price: 150_000 });

    // The writer: another process on the same file, as tagih is while the backup runs.
    const writer = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { LinkService } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/links/link-service.ts')).href)});
         const { databasePath, openSqliteStore } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/store/sqlite/sqlite-store.ts')).href)});
         const links = new LinkService({ store: openSqliteStore({ path: databasePath(${JSON.stringify(dataDir)}) }), publicUrl: 'http://localhost:3000', merchantName: 'Toko Uji', paymentWindowMs: 3600000 });
         for (let i = 0; ; i++) { await links.create({ merchantId: 'console:owner', via: 'console', notifyChatId: 'console', itemName: 'Topi ' + i, price: 50000 }); if (i === 20) process.stdout.write('writing\\n'); }`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && resolve());
        writer.once('exit', (code) => reject(new Error(`writer exited ${code}`)));
      });
      const result = await backupDatabase(databasePath(dataDir), join(dir, 'backup.db'));
      expect(result.links).to.be.at.least(321);

      // Restored as README says: the copy becomes DATA_DIR/tagih.db of a fresh folder.
      const restored = join(dir, 'restored');
      spawnSync('mkdir', ['-p', restored]);
      spawnSync('cp', [result.file, databasePath(restored)]);
      const store = openSqliteStore({ path: databasePath(restored) });
      try {
        const again = new LinkService({ store, publicUrl: 'http://localhost:3000', merchantName: 'Toko Uji', paymentWindowMs: 60 * 60_000 });
        const { items } = await again.list('console:owner', { page: 1, pageSize: 1_000_000, all: true });
        expect(items).to.have.length(result.links);
        const names = new Set(items.map(({ link }) => link.itemName));
        for (let i = 0; i < 300; i++) expect(names.has(`Kaos ${i}`), `Kaos ${i}`).to.equal(true);
      } finally {
        await store.close();
      }
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('never overwrites a file, and leaves no partial file when it fails', async function () {
    const dataDir = join(dir, 'data');
    await service(dataDir).create({ merchantId: 'console:owner', via: 'console', notifyChatId: 'console', itemName: 'Kaos', price: 150_000 });
    const target = join(dir, 'backup.db');
    await backupDatabase(databasePath(dataDir), target);
    let refused: unknown = null;
    await backupDatabase(databasePath(dataDir), target).catch((err: unknown) => (refused = err));
    expect(String(refused)).to.contain('already exists');
    await backupDatabase(join(dir, 'nowhere', 'tagih.db'), join(dir, 'other.db')).catch((err: unknown) => (refused = err));
    expect(String(refused)).to.contain('check DATA_DIR');
    expect(existsSync(join(dir, 'other.db.partial'))).to.equal(false);
  });
});
