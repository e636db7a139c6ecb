import { notFound } from './api-error.js';
import type { ApiResponse } from './api-handler.js';

/** The version ConnectWise 2025.1 reports before login. */
export const VERSION_CODE = 'v2025.1';

/**
 * `GET /login/companyinfo/{companyId}`: unauthenticated codebase discovery. ConnectWise answers
 * PascalCase fields; `SiteUrl` is the host without a scheme.
 */
export const companyInfo = (knownCompanyId: string, requestedId: string, host: string): ApiResponse => {
  if (requestedId.toLowerCase() !== knownCompanyId.toLowerCase()) {
    throw notFound(`Company ${requestedId} was not found.`);
  }
  return {
    status: 200,
    body: {
      CompanyName: 'Demo MSP',
      Codebase: 'v4_6_release/',
      VersionCode: VERSION_CODE,
      VersionNumber: 'v2025.1.100001',
      CompanyID: knownCompanyId,
      IsCloud: false,
      SiteUrl: host,
    },
  };
};
