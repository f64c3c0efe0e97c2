import 'reflect-metadata';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import {
  BackendCollector,
  BackendRegistry,
  CONTRACT_VERSION,
  ErrorCode,
  NotFoundError,
  TOKENS,
  isInferError,
  registerBackend,
} from '../src/index.js';
import { defineBackendHook } from '../src/kit/index.js';
import { fakeDescriptor } from './helpers.js';

/** A second, separate instance of core's built modules (`entry`), as a user-installed plugin brings. */
async function secondCopy(entry = 'index.js') {
  const url = new URL(`../dist/${entry}?copy=${Math.random()}`, import.meta.url).href;
  return import(/* @vite-ignore */ url);
}

describe('dependency injection', () => {
  it('resolves a registry of every descriptor registered with registerBackend', () => {
    const child = container.createChildContainer();
    registerBackend(child, fakeDescriptor('sqlite'));
    registerBackend(child, fakeDescriptor('memory'));
    expect(BackendRegistry.fromContainer(child).types()).toEqual(['memory', 'sqlite']);
  });

  it('builds an empty registry when nothing is registered', () => {
    expect(BackendRegistry.fromContainer(container.createChildContainer()).types()).toEqual([]);
  });

  it('sees descriptors registered in a parent container', () => {
    const parent = container.createChildContainer();
    registerBackend(parent, fakeDescriptor('redis'));
    expect(BackendRegistry.fromContainer(parent.createChildContainer()).types()).toEqual(['redis']);
  });

  it('collects descriptors without a DI library (what the CLI hands to hooks)', () => {
    const collector = new BackendCollector();
    registerBackend(collector, fakeDescriptor('memory'));
    collector.register(Symbol.for('something else'), { useValue: fakeDescriptor('ignored') });
    expect(new BackendRegistry(collector.descriptors).types()).toEqual(['memory']);
  });

  it('works without a container too', () => {
    const registry = new BackendRegistry().add(fakeDescriptor('memory'));
    expect(registry.get('memory').displayName).toBe('MEMORY');
    expect(() => registry.get('nope')).toThrow('storage type "nope" is not installed (installed: memory)');
  });

  it('refuses two backends claiming one type', () => {
    expect(() => new BackendRegistry([fakeDescriptor('sqlite'), fakeDescriptor('sqlite')])).toThrow(
      /two installed backends claim storage type "sqlite"/,
    );
  });

  it('registers through the hook helper of another copy of core into this container', async () => {
    const other = await secondCopy('kit/index.js');
    expect(other.defineBackendHook).not.toBe(defineBackendHook);
    const child = container.createChildContainer();
    const result = await other.defineBackendHook(fakeDescriptor('acme'))({ container: child });
    expect(result).toEqual({ type: 'acme', displayName: 'ACME', migrations: 'none' });
    expect(BackendRegistry.fromContainer(child).types()).toEqual(['acme']);
  });

  it('shares tokens and recognises errors across copies of core by code, not identity', async () => {
    const tokens = await secondCopy();
    expect(tokens.TOKENS.BackendDescriptor).toBe(TOKENS.BackendDescriptor);
    const errors = await secondCopy();
    const foreign = new errors.NotFoundError('c1');
    expect(foreign).not.toBeInstanceOf(NotFoundError);
    expect(isInferError(foreign, ErrorCode.NotFound)).toBe(true);
    expect(errors.isInferError(new NotFoundError('c2'), 'E_NOT_FOUND')).toBe(true);
    expect(isInferError(new Error('plain'))).toBe(false);
    expect(isInferError({ code: 'E_NOT_FOUND' })).toBe(false);
  });
});

describe('backend contract versions', () => {
  it('a registry refuses a descriptor whose contract range excludes this core, naming both versions', () => {
    expect(CONTRACT_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const cases: [unknown, RegExp][] = [
      ['^2.0.0', /needs backend contract \^2\.0\.0; this infer has 1\.3\.0.*upgrade infer/],
      ['~0.9.0', /supports backend contract ~0\.9\.0; this infer has 1\.3\.0.*upgrade the Fake backend/],
      [undefined, /declares no valid backend contract version/],
      ['not a range', /declares no valid backend contract version/],
    ];
    for (const [contract, message] of cases) {
      const descriptor = { ...fakeDescriptor('acme'), displayName: 'Fake', contract } as never;
      const error = (() => {
        try {
          new BackendRegistry([descriptor]);
        } catch (e) {
          return e as Error & { hint?: string };
        }
      })();
      expect(isInferError(error, ErrorCode.IncompatibleBackend), String(contract)).toBe(true);
      expect(`${error!.message} ${error!.hint}`).toMatch(message);
    }
    expect(new BackendRegistry([{ ...fakeDescriptor('acme'), contract: '1.x' }]).types()).toEqual(['acme']);
  });
});
