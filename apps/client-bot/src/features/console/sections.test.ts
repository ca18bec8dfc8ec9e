import { describe, expect, it } from 'vitest';
import { roleAllows } from './access.js';
import { type ConsoleSection, visibleSections } from './sections.js';

const section = (id: string, minRole: ConsoleSection['minRole']): ConsoleSection => ({
  id,
  label: 'console.home',
  minRole,
  open: async () => undefined,
});

describe('console sections', () => {
  const sections = [
    section('agenda', 'staff'),
    section('catalogue', 'admin'),
    section('team', 'owner'),
  ];

  it('shows each role the sections at or below its rank, in menu order', () => {
    expect(visibleSections('staff', sections).map((entry) => entry.id)).toEqual(['agenda']);
    expect(visibleSections('admin', sections).map((entry) => entry.id)).toEqual([
      'agenda',
      'catalogue',
    ]);
    expect(visibleSections('owner', sections).map((entry) => entry.id)).toEqual([
      'agenda',
      'catalogue',
      'team',
    ]);
  });

  it('ranks owner over admin over staff', () => {
    expect(roleAllows('owner', 'admin')).toBe(true);
    expect(roleAllows('admin', 'owner')).toBe(false);
    expect(roleAllows('staff', 'admin')).toBe(false);
    expect(roleAllows('staff', 'staff')).toBe(true);
  });
});
