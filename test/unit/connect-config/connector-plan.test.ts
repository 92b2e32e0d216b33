import { describe, expect, it } from 'vitest';
import type { ConnectorSpec } from '../../../connect-config/connector-files.ts';
import { planConnector } from '../../../connect-config/connector-plan.ts';

const spec: ConnectorSpec = { name: 'cdc', file: 'cdc.json', config: { 'connector.class': 'X', 'tasks.max': '1', 'snapshot.mode': 'initial' } };

describe('a connector plan', () => {
  it('creates a connector Connect does not run', () => {
    expect(planConnector(spec, undefined)).toMatchObject({ kind: 'create', name: 'cdc' });
  });

  it('leaves a connector alone when Connect runs exactly the file (Connect adds the name)', () => {
    expect(planConnector(spec, { ...spec.config, name: 'cdc' })).toMatchObject({ kind: 'unchanged' });
  });

  it('lists the keys added, changed and removed, in key order', () => {
    const running = { name: 'cdc', 'connector.class': 'X', 'tasks.max': '2', 'heartbeat.interval.ms': '1000' };
    const plan = planConnector(spec, running);
    expect(plan.kind).toBe('update');
    expect(plan.kind === 'update' ? plan.changes : []).toEqual([
      { key: 'heartbeat.interval.ms', from: '1000', to: null },
      { key: 'snapshot.mode', from: null, to: 'initial' },
      { key: 'tasks.max', from: '2', to: '1' },
    ]);
  });
});
