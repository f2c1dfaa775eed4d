/**
 * axe-core on a screen as the user sees it: no serious or critical violation of WCAG 2.1 A/AA. Called by
 * `screenshot()` (appPage.ts), so every screen an e2e story names is checked, in light and dark alike.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (!blocking.length) return;
  const described = blocking.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes
        .slice(0, 4)
        .map((node) => `${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ') ?? ''}`)
        .join('\n      ')}`,
  );
  throw new Error(
    `axe: ${blocking.length} serious or critical violation(s) on "${screen}":\n    ${described.join('\n    ')}`,
  );
}
