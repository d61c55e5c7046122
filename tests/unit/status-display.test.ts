/** The one table of states: every state has a label, a colour and a sentence; a license's own state wins. */
import { describe, expect, it } from 'vitest';
import { displayStateOf, displayStates, stateTable } from '../../functions/domain/status-display.js';
import { requestStatuses } from '../../functions/domain/request-state.js';
import { statusLabels } from '../../functions/views/labels.js';

const license = (status: 'active' | 'revoked' | 'expired', validUntil = '2027-01-31') => ({ status, validUntil });

describe('the table of states', () => {
  it('one distinct label, a colour and one sentence for every state', () => {
    const labels = displayStates.map((s) => stateTable[s].label);
    expect(new Set(labels).size).toBe(displayStates.length);
    for (const s of displayStates) {
      expect(stateTable[s].sentence).toMatch(/^[A-Z].*\.$/);
      expect(['ok', 'warn', 'bad', 'neutral']).toContain(stateTable[s].tone);
    }
  });

  it('every stored status has its state, and the derived status labels agree with the table', () => {
    for (const s of requestStatuses) expect(statusLabels[s]).toBe(stateTable[displayStateOf({ status: s })].label);
    expect(displayStateOf({ status: 'offered' })).toBe('countered');
  });

  it('a license revoked, ended or whose article was withdrawn is not "Licensed"', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(displayStateOf({ status: 'licensed', license: license('active') }, { now })).toBe('licensed');
    expect(displayStateOf({ status: 'licensed', license: license('revoked') }, { now })).toBe('revoked');
    expect(displayStateOf({ status: 'licensed', license: license('expired') }, { now })).toBe('ended');
    expect(displayStateOf({ status: 'licensed', license: license('active', '2026-05-31') }, { now })).toBe('ended');
    expect(displayStateOf({ status: 'licensed', license: license('active', '2026-06-01') }, { now })).toBe('licensed');
    expect(displayStateOf({ status: 'licensed', license: license('active') }, { now, articleWithdrawn: true })).toBe('article-withdrawn');
    expect(displayStateOf({ status: 'licensed', license: license('revoked') }, { now, articleWithdrawn: true })).toBe('revoked');
    expect(stateTable.revoked.label).toBe('Revoked');
  });
});
