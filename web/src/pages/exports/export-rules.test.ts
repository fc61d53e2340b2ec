import { describe, expect, it } from 'vitest';
import { downloadsLeft, filterPairs, requestUrlOf } from './export-rules';

describe('requestUrlOf', () => {
  it('files the refused export’s own query string at its export-requests route', () => {
    expect(requestUrlOf('/api/cases/export.csv?state=registered&category=labor')).toBe(
      '/api/cases/export-requests?state=registered&category=labor',
    );
    expect(requestUrlOf('/api/admin/audit/export.csv')).toBe('/api/admin/audit/export-requests');
  });

  it('refuses what is not an export', () => {
    expect(() => requestUrlOf('/api/cases?state=registered')).toThrow(/not an export/);
  });
});

describe('filterPairs', () => {
  it('joins lists and drops empty filters', () => {
    expect(
      filterPairs({ state: ['registered', 'assigned'], q: '', region: '371403', to: undefined }),
    ).toEqual([
      ['state', 'registered, assigned'],
      ['region', '371403'],
    ]);
  });
});

describe('downloadsLeft', () => {
  it('counts the downloads left on an approved request only', () => {
    expect(downloadsLeft({ status: 'approved', downloads: 1, maxDownloads: 3 })).toBe(2);
    expect(downloadsLeft({ status: 'used', downloads: 3, maxDownloads: 3 })).toBe(0);
    expect(downloadsLeft({ status: 'pending', downloads: 0, maxDownloads: 3 })).toBe(0);
  });
});
