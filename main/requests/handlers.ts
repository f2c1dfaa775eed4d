/** The `requests.*` and `approvals.*` handlers; what the user does here themselves is not news to notify. */
import type { NoticeService } from '../notifications/noticeService';
import type { Handlers } from '../router/router';
import type { ApprovalService } from './approvalService';
import type { RequestService } from './requestService';

type RequestChannels =
  | 'requests.options'
  | 'requests.resources'
  | 'requests.create'
  | 'requests.extend'
  | 'approvals.list'
  | 'approvals.decide';

export function createRequestHandlers(deps: {
  requests: RequestService;
  approvals: ApprovalService;
  notices: Pick<NoticeService, 'acted' | 'approvalsSeen'>;
}): Pick<Handlers, RequestChannels> {
  const { requests, approvals, notices } = deps;
  return {
    'requests.options': () => requests.options(),
    'requests.resources': ({ activityId, policyId }) => requests.resources(activityId, policyId),
    'requests.create': async (request) => {
      const created = await requests.create(request);
      notices.acted('create', created.ids);
      return created;
    },
    'requests.extend': ({ id, minutes }) => requests.extend(id, minutes),
    'approvals.list': async () => {
      const list = await approvals.list();
      notices.approvalsSeen(list.pending);
      return list;
    },
    'approvals.decide': ({ ids, decision, comment }) => approvals.decide(ids, decision, comment),
  };
}
