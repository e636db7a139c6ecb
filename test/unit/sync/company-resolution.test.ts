import { describe, expect, it } from 'vitest';
import { PartnerConfigurationError, RetryableError } from '../../../shared/errors.js';
import { type CompanyQuery, resolveCompany } from '../../../shared/sync/company-resolution.js';
import { FakeCompanyDirectory, InMemoryStateCache } from '../../helpers/sync-fakes.js';

const companies = () => [
  { id: 1, identifier: 'Internal', name: 'Our MSP', managedIds: [] },
  { id: 2, identifier: 'Acme', name: 'Acme Corp', managedIds: ['EFS-20417'] },
  { id: 3, identifier: 'Globex', name: 'Globex', managedIds: ['EFS-31008', 'EFS-31009'] },
  { id: 4, identifier: 'OBrien', name: 'OBrien IT', managedIds: ['EFS-19652'] },
];

const query = (customerId: string, overrides: Partial<CompanyQuery> = {}): CompanyQuery => ({
  partnerId: 'demo',
  managementSolutionName: 'Axcient BDR',
  customerId,
  customerName: 'Someone',
  now: '2026-11-28T10:00:00Z',
  ...overrides,
});

const setup = () => {
  const directory = new FakeCompanyDirectory(companies());
  const cache = new InMemoryStateCache();
  // One store for caches and markers: the tests move one clock for both.
  return { directory, cache, deps: { directory, cache, markers: cache } };
};

describe('resolveCompany', () => {
  describe('given a customer nobody looked up before', () => {
    it('finds the company holding its Managed ID', async () => {
      const { deps } = setup();
      await expect(resolveCompany(deps, query('31008'))).resolves.toEqual({
        companyId: 3,
        identifier: 'Globex',
        name: 'Globex',
      });
    });

    it('checks companies named like the customer first', async () => {
      const { deps, directory } = setup();
      await resolveCompany(deps, query('19652', { customerName: 'obrien it' }));
      expect(directory.calls.managedIdLookups).toEqual([4]);
    });

    it('caches every mapping seen on the way, so the next customer needs no scan', async () => {
      const { deps, directory } = setup();
      await resolveCompany(deps, query('31008'));
      const requestsAfterFirst = directory.calls.managedIdLookups.length;
      await expect(resolveCompany(deps, query('20417'))).resolves.toMatchObject({ companyId: 2 });
      await expect(resolveCompany(deps, query('31009'))).resolves.toMatchObject({ companyId: 3 });
      expect(directory.calls.companyScans).toBe(1);
      expect(directory.calls.managedIdLookups).toHaveLength(requestsAfterFirst);
    });
  });

  describe('given a cached mapping', () => {
    it('answers from the cache within a day', async () => {
      const { deps, directory, cache } = setup();
      await resolveCompany(deps, query('20417'));
      cache.nowMs += 23 * 3600_000;
      await resolveCompany(deps, query('20417', { now: '2026-11-29T09:00:00Z' }));
      expect(directory.calls.companyScans).toBe(1);
    });

    it('re-verifies an old mapping with one lookup instead of a scan', async () => {
      const { deps, directory, cache } = setup();
      await resolveCompany(deps, query('20417'));
      const lookups = directory.calls.managedIdLookups.length;
      cache.nowMs += 25 * 3600_000;
      await resolveCompany(deps, query('20417', { now: '2026-11-29T11:00:00Z' }));
      expect(directory.calls.companyScans).toBe(1);
      expect(directory.calls.managedIdLookups.slice(lookups)).toEqual([2]);
    });

    it('rediscovers when the Managed ID moved to another company', async () => {
      const { deps, directory, cache } = setup();
      await resolveCompany(deps, query('20417'));
      const [internal, acme] = directory.companies;
      if (!internal || !acme) throw new Error('fixture changed');
      acme.managedIds = [];
      internal.managedIds = ['EFS-20417'];
      cache.nowMs += 25 * 3600_000;
      await expect(
        resolveCompany(deps, query('20417', { now: '2026-11-29T11:00:00Z' })),
      ).resolves.toMatchObject({
        companyId: 1,
      });
    });
  });

  describe('given an unmapped customer', () => {
    it('fails naming the Managed ID to add', async () => {
      const { deps } = setup();
      const failure = resolveCompany(deps, query('55555'));
      await expect(failure).rejects.toBeInstanceOf(PartnerConfigurationError);
      await expect(resolveCompany(deps, query('55555'))).rejects.toThrow(/add Managed ID EFS-55555/);
    });

    it('does not rescan within the hour, but does after it', async () => {
      const { deps, directory, cache } = setup();
      await expect(resolveCompany(deps, query('55555'))).rejects.toThrow();
      await expect(resolveCompany(deps, query('55555'))).rejects.toThrow();
      expect(directory.calls.companyScans).toBe(1);
      cache.nowMs += 61 * 60_000;
      await expect(resolveCompany(deps, query('55555', { now: '2026-11-28T11:01:00Z' }))).rejects.toThrow();
      expect(directory.calls.companyScans).toBe(2);
    });

    it('says until when the answer stands', async () => {
      const { deps } = setup();
      await expect(resolveCompany(deps, query('55555'))).rejects.toThrow(
        /Later events look again after 2026-11-28T11:00:00\.000Z; reprocess this event to look now/,
      );
    });

    it('notes the customer and each event that found no company, and forgets it once its company is found', async () => {
      const { deps, directory } = setup();
      const notes: { customerId: string; eventId?: string }[] = [];
      const cleared: string[] = [];
      const unmapped = {
        note: async (_partnerId: string, note: { customerId: string; eventId?: string }) => {
          notes.push({ customerId: note.customerId, ...(note.eventId && { eventId: note.eventId }) });
        },
        clear: async (_partnerId: string, customerId: string) => {
          cleared.push(customerId);
        },
        list: async () => [],
      };
      const withNotes = { ...deps, unmapped };
      await expect(resolveCompany(withNotes, query('55555', { eventId: 'evt-1' }))).rejects.toThrow();
      // The cached answer notes the next event too, without a scan.
      await expect(resolveCompany(withNotes, query('55555', { eventId: 'evt-2' }))).rejects.toThrow();
      expect(notes).toEqual([
        { customerId: '55555', eventId: 'evt-1' },
        { customerId: '55555', eventId: 'evt-2' },
      ]);
      expect(cleared).toEqual([]);

      directory.companies[0]?.managedIds.push('EFS-55555');
      await resolveCompany(withNotes, query('55555', { fresh: true, eventId: 'evt-1' }));
      expect(cleared).toEqual(['55555']);
    });

    it('looks again at once when fresh (a reprocess after the Managed ID was added)', async () => {
      const { deps, directory } = setup();
      await expect(resolveCompany(deps, query('55555'))).rejects.toThrow();
      directory.companies[0]?.managedIds.push('EFS-55555');

      await expect(resolveCompany(deps, query('55555'))).rejects.toThrow();
      const found = await resolveCompany(deps, query('55555', { fresh: true }));

      expect(found).toEqual({ companyId: 1, identifier: 'Internal', name: 'Our MSP' });
      // The mapping found is cached: the next event needs no lookup.
      expect(await resolveCompany(deps, query('55555'))).toEqual(found);
    });
  });

  describe('given a tenant too large to sweep in one invocation', () => {
    const manyCompanies = () =>
      Array.from({ length: 40 }, (_, index) => ({
        id: index + 1,
        identifier: `C${index + 1}`,
        name: `Company ${index + 1}`,
        managedIds: index + 1 === 35 ? ['EFS-77777'] : [],
      }));

    it('pauses before the invocation runs out and continues where it stopped on the retry', async () => {
      const directory = new FakeCompanyDirectory(manyCompanies());
      const cache = new InMemoryStateCache();
      // Each Managed ID lookup costs the invocation 5 seconds of its 120.
      let remaining = 120;
      const lookup = directory.listManagedIds.bind(directory);
      directory.listManagedIds = async (...args) => {
        remaining -= 5;
        return lookup(...args);
      };
      const deps = { directory, cache, markers: cache, remainingSeconds: () => remaining };

      const first = await resolveCompany(deps, query('77777')).catch((e: unknown) => e);
      expect(first).toMatchObject({ retryable: true });
      const checkedFirst = [...directory.calls.managedIdLookups];
      expect(checkedFirst.length).toBeGreaterThan(10);
      expect(checkedFirst.length).toBeLessThan(35);

      remaining = 120;
      await expect(resolveCompany(deps, query('77777'))).resolves.toMatchObject({ companyId: 35 });
      const checkedThen = directory.calls.managedIdLookups.slice(checkedFirst.length);
      expect(checkedThen[0]).toBe((checkedFirst.at(-1) ?? 0) + 1);
      expect(checkedThen.filter((id) => checkedFirst.includes(id))).toEqual([]);
    });

    it('re-checks only the closest few companies on a retry when the customer name matches many', async () => {
      const directory = new FakeCompanyDirectory(manyCompanies());
      let remaining = 120;
      const lookup = directory.listManagedIds.bind(directory);
      directory.listManagedIds = async (...args) => {
        remaining -= 5;
        return lookup(...args);
      };
      const store = new InMemoryStateCache();
      const deps = { directory, cache: store, markers: store, remainingSeconds: () => remaining };
      const alike = query('77777', { customerName: 'Company' });

      const attempts: unknown[] = [];
      const spent: number[] = [];
      for (let attempt = 0; attempt < 5 && !attempts.some((a) => !(a instanceof Error)); attempt += 1) {
        remaining = 120;
        attempts.push(await resolveCompany(deps, alike).catch((e: unknown) => e));
        spent.push(120 - remaining);
      }

      // No attempt ran into the 30 s kept for the rest of the record, likely holders included.
      expect(Math.max(...spent)).toBeLessThanOrEqual(95);

      expect(attempts.at(-1)).toMatchObject({ companyId: 35 });
      expect(attempts.slice(0, -1)).toEqual(attempts.slice(0, -1).map(() => expect.any(RetryableError)));
      // Each retry re-checks the ten closest names; the sweep checks every other company once.
      const lookups = directory.calls.managedIdLookups;
      const swept = lookups.filter((id) => id > 10);
      expect(swept).toEqual([...new Set(swept)]);
      expect(lookups.filter((id) => id <= 10)).toHaveLength(10 * attempts.length);
    });

    it('answers a second unmapped customer from the pass that just completed, without scanning again', async () => {
      const { deps, directory } = setup();
      await expect(resolveCompany(deps, query('55555'))).rejects.toThrow(/EFS-55555/);
      const lookups = directory.calls.managedIdLookups.length;
      await expect(resolveCompany(deps, query('66666'))).rejects.toThrow(/add Managed ID EFS-66666/);
      expect(directory.calls.companyScans).toBe(1);
      expect(directory.calls.managedIdLookups).toHaveLength(lookups);
    });
  });

  it('names a missing management solution', async () => {
    const { deps } = setup();
    await expect(resolveCompany(deps, query('20417', { managementSolutionName: 'Nope' }))).rejects.toThrow(
      /management solution "Nope"/,
    );
  });
});
