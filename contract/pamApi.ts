/** The `window.pam` type, derived from the channel table so it can never drift from it. */
import type { ActionArg, ActionChannel, ActionOutput, EventChannel, EventPayload } from './channels';
import type { Result } from './schemas';

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
type Member<C extends string, N extends string> = C extends `${N}.${infer M}` ? M : never;

type ActionFn<C extends ActionChannel> =
  undefined extends ActionArg<C>
    ? (input?: ActionArg<C>) => Promise<Result<ActionOutput<C>>>
    : (input: ActionArg<C>) => Promise<Result<ActionOutput<C>>>;

type Unsubscribe = () => void;
type EventFn<C extends EventChannel> = (listener: (payload: EventPayload<C>) => void) => Unsubscribe;

type ActionsOf<N extends string> = {
  [C in ActionChannel as Namespace<C> extends N ? Member<C, N> : never]: ActionFn<C>;
};
type EventsOf<N extends string> = {
  [C in EventChannel as Namespace<C> extends N ? `on${Capitalize<Member<C, N>>}` : never]: EventFn<C>;
};

type AllNamespaces = Namespace<ActionChannel> | Namespace<EventChannel>;

export type PamApi = { [N in AllNamespaces]: ActionsOf<N> & EventsOf<N> };
export type { Unsubscribe };

/** `sessions.onDelta` ⇄ `sessions.delta`: the naming rule the preloads and the renderer share. */
export function eventMemberName(channel: EventChannel): string {
  const [, member = ''] = channel.split('.');
  return `on${member.charAt(0).toUpperCase()}${member.slice(1)}`;
}
