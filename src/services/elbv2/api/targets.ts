/** RegisterTargets, DeregisterTargets, DescribeTargetHealth: the API face of targets-api.ts. */
import { Operations, TargetDescription } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { Elbv2Deps } from './context.js';
import { TargetHealthDoc } from '../domain/docs.js';
import { describeHealth } from '../domain/health.js';
import { loadBalancersUsing, requireTargetGroup } from '../domain/lookups.js';
import { KIND, targetKey } from '../domain/names.js';
import { deregisterTargets, registeredTargets, registerTargets } from '../domain/targets-api.js';

const refs = (targets: TargetDescription[]) => targets.map((t) => ({ id: t.Id, port: t.Port }));

export function makeTargetOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store, clock } = deps;

  return {
    RegisterTargets(input) {
      registerTargets(store, input.TargetGroupArn, refs(input.Targets), clock.now());
      return {};
    },

    DeregisterTargets(input) {
      deregisterTargets(store, input.TargetGroupArn, refs(input.Targets), clock.now(), true);
      return {};
    },

    DescribeTargetHealth(input) {
      const tg = requireTargetGroup(store, input.TargetGroupArn);
      const used = loadBalancersUsing(store, tg.TargetGroupArn).length > 0;
      const registered = registeredTargets(store, tg.TargetGroupArn);
      const wanted: { id: string; port: number }[] = input.Targets
        ? input.Targets.map((t) => ({ id: t.Id, port: t.Port ?? tg.Port ?? 0 }))
        : registered.map((t) => ({ id: t.id, port: t.port }));
      return {
        TargetHealthDescriptions: wanted.map(({ id, port }) => {
          const key = targetKey(tg.TargetGroupArn, id, port);
          const target = registered.find((t) => t.id === id && t.port === port);
          const observed = store.get<TargetHealthDoc>(KIND.targetHealth, key)?.doc;
          const h = describeHealth(target, used, tg.HealthCheckEnabled, observed);
          return {
            Target: { Id: id, Port: port },
            HealthCheckPort: tg.HealthCheckPort === 'traffic-port' ? String(port) : tg.HealthCheckPort,
            TargetHealth: { State: h.state, Reason: h.reason, Description: h.description },
          };
        }),
      };
    },
  };
}
