import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/yjinspect', import.meta.url));

describe('bin/yjinspect', () => {
  it('prints help listing its commands', () => {
    const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Commands:');
    expect(r.stdout).toContain('rate');
  });

  it('refuses an unknown command with exit 2 and names the commands', () => {
    const r = spawnSync(bin, ['rait'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'rait'");
  });
});
