import { describe, expect, it } from 'vitest';
import { PendingPrompts } from '../../../main/launch/pendingPrompts';

describe('PendingPrompts', () => {
  it('answers each question by its id, once; unknown ids are ignored', async () => {
    const prompts = new PendingPrompts();
    const ids: string[] = [];
    const first = prompts.ask((id) => ids.push(id));
    const second = prompts.ask((id) => ids.push(id));
    expect(new Set(ids).size).toBe(2);
    prompts.answer('no-such-id', 'x');
    prompts.answer(ids[1]!, 'secret');
    prompts.answer(ids[1]!, 'again');
    prompts.answer(ids[0]!, 'trust');
    expect(await Promise.all([first, second])).toEqual(['trust', 'secret']);
  });

  it('closing answers the open questions and every later one with null, without asking', async () => {
    const prompts = new PendingPrompts();
    let asked = 0;
    const open = prompts.ask(() => asked++);
    prompts.close();
    expect(await open).toBeNull();
    expect(await prompts.ask(() => asked++)).toBeNull();
    expect(asked).toBe(1);
  });
});
