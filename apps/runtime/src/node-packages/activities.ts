import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActionEnvelope, ActionResult } from '@trackway/nodes';
import { executeAction, NodeActionError, type ActionImplementation } from '@trackway/nodes/activity';
import type { HttpClient } from '@trackway/nodes/http';

export interface NodeActivityDeps {
  readonly http: HttpClient;
  /** The value of a named secret (decrypted here, inside the activity), undefined when none is stored. */
  readonly secret: (name: string) => Promise<string | undefined>;
}

export type NodeActivity = (envelope: ActionEnvelope) => Promise<ActionResult>;

/**
 * One Temporal activity per action node type (`node:<type>`). A failure the node declares final
 * (`ctx.fail`, a refused address, a missing secret) is non-retryable; anything else is retried by
 * the node's policy.
 */
export function createNodeActivities(
  implementations: readonly ActionImplementation[],
  deps: NodeActivityDeps,
): Record<string, NodeActivity> {
  const activities: Record<string, NodeActivity> = {};
  for (const impl of implementations) {
    const type = impl.node.type;
    activities[impl.node.action.activity] = async (envelope) => {
      const context = Context.current();
      try {
        return await executeAction(impl, envelope, {
          http: deps.http,
          secret: deps.secret,
          attempt: context.info.attempt,
          log: (level, message, fields) => context.log[level](message, { ...fields, nodeType: type, nodeId: envelope.nodeId }),
        });
      } catch (error) {
        if (error instanceof NodeActionError) {
          throw ApplicationFailure.create({ message: error.message, type: error.type, nonRetryable: !error.retryable });
        }
        throw error;
      }
    };
  }
  return activities;
}
