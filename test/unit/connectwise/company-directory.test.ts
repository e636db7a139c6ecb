import { describe, expect, it } from 'vitest';
import {
  ConnectWiseCompanyDirectory,
  companyListReuseMs,
} from '../../../shared/adapters/connectwise/company-directory.js';
import type { ConnectWiseApi } from '../../../shared/ports/connectwise.js';

/** An API whose company listing counts its calls and can fail once. */
const anApi = () => {
  const calls: string[] = [];
  let failNext = false;
  const api = {
    list: async (path: string) => {
      calls.push(path);
      if (failNext) {
        failNext = false;
        throw new Error('ConnectWise answered 503');
      }
      return [{ id: 1, identifier: 'Acme', name: 'Acme Dental' }];
    },
  } as unknown as ConnectWiseApi;
  const failOnce = () => {
    failNext = true;
  };
  return { api, calls, failOnce };
};

describe('ConnectWiseCompanyDirectory.listCompanies', () => {
  it('lists the companies once for every discovery within the reuse time, then again', async () => {
    const { api, calls } = anApi();
    let now = 0;
    const directory = new ConnectWiseCompanyDirectory(api, () => now);
    await directory.listCompanies();
    now = companyListReuseMs - 1;
    expect(await directory.listCompanies()).toEqual([{ id: 1, identifier: 'Acme', name: 'Acme Dental' }]);
    expect(calls).toHaveLength(1);
    now = companyListReuseMs;
    await directory.listCompanies();
    expect(calls).toHaveLength(2);
  });

  it('asks ConnectWise again when fresh, and the fresh listing is the one reused next', async () => {
    const { api, calls } = anApi();
    const directory = new ConnectWiseCompanyDirectory(api, () => 0);
    await directory.listCompanies();
    await directory.listCompanies({ fresh: true });
    expect(calls).toHaveLength(2);
    await directory.listCompanies();
    expect(calls).toHaveLength(2);
  });

  it('does not reuse a failed listing', async () => {
    const { api, calls, failOnce } = anApi();
    const directory = new ConnectWiseCompanyDirectory(api, () => 0);
    failOnce();
    await expect(directory.listCompanies()).rejects.toThrow('503');
    await expect(directory.listCompanies()).resolves.toHaveLength(1);
    expect(calls).toHaveLength(2);
  });
});
