/**
 * The component tier runs React in jsdom (vitest.config.ts, project `component`). jsdom has no layout, so
 * the few browser APIs that only measure it are stood in for here; everything else is jsdom's own.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// React Testing Library unmounts after each test only where the runner exposes a global afterEach.
afterEach(() => cleanup());

// MUI X measures its container with ResizeObserver: with no layout there is nothing to observe.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

// No OS colour scheme in jsdom: light, and no change ever comes.
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  }) satisfies MediaQueryList;

// No canvas in jsdom: answer as a browser without that context does, instead of a "not implemented" notice.
HTMLCanvasElement.prototype.getContext = () => null;
