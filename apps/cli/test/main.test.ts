import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';
import { capture } from './capture.js';

afterEach(() => vi.restoreAllMocks());

describe('the infra-mcp command', () => {
  it.each([
    [['bogus'], /unknown command or server "bogus".*servers: filesystem/],
    [['filesystem', '--bad'], /Unknown option '--bad' for infra-mcp filesystem/],
    [['filesystem', '/definitely/not/here'], /directory \/definitely\/not\/here does not exist/],
    [['filesystem'], /no directories to serve/],
    [['serve', 'nosuch'], /unknown server nosuch: choose from filesystem/],
    [['serve', '--port', 'x'], /--port x is not a port/],
    [['serve', '--host', '0.0.0.0'], /refusing to serve on 0\.0\.0\.0 without authentication/],
    [['config'], /config needs a client name/],
    [['filesystem', '/tmp', '--mode', 'yolo'], /--mode yolo is not a mode: use read-only, write, destructive/],
  ])('answers %j with one line on stderr, exit code 2 and nothing on stdout', async (argv, message) => {
    const { out, err } = capture();
    const code = await main(argv, { HOME: '/tmp/infra-mcp-cli-test' }, '/x/infra-mcp.mjs');
    expect(code).toBe(2);
    expect(out.join('')).toBe('');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
    expect(err[0]!.trimEnd().split('\n')).toHaveLength(1);
  });

  it('names the bad variable when the environment is wrong', async () => {
    const { err } = capture();
    const code = await main(['filesystem', '/tmp'], { INFRA_MCP_MAX_OUTPUT_BYTES: 'lots' }, '/x/infra-mcp.mjs');
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^infra-mcp: INFRA_MCP_MAX_OUTPUT_BYTES=lots is not valid: set it to a byte count/);
  });

  it('prints Claude Desktop entries that run each server through this script', async () => {
    const { out } = capture();
    const code = await main(['config', 'claude-desktop'], { INFRA_MCP_DATA_DIR: '/data/infra' }, '/opt/infra-mcp.mjs');
    expect(code).toBe(0);
    const config = JSON.parse(out.join('')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    expect(config.mcpServers['infra-filesystem']).toEqual({
      command: process.execPath,
      args: ['/opt/infra-mcp.mjs', 'filesystem', '/data/infra/workspace'],
    });
  });
});
