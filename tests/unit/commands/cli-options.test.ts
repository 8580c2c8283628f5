/** Option parsing of the command line (commander), without running any command. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../../src/cli.js';

function optionParser(command: string, flag: string): (value: string) => unknown {
  const cmd = buildCli().commands.find((c) => c.name() === command);
  const opt = cmd?.options.find((o) => o.long === flag);
  if (!opt?.parseArg) throw new Error(`${command} ${flag} has no parser`);
  return (value) => opt.parseArg!(value, undefined);
}

describe('serve --workers', () => {
  const parse = optionParser('serve', '--workers');
  it('takes a process count or auto (one per core)', () => {
    expect(parse('3')).toBe(3);
    expect(parse('auto')).toBe(availableParallelism());
  });
  it('refuses anything else with a message naming both forms', () => {
    for (const bad of ['0', '65', '1.5', 'many']) expect(() => parse(bad)).toThrow(/"auto" or an integer from 1 to 64/);
  });
});
