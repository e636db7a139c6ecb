/**
 * The ConnectWise Manage REST API as the use cases see it: paths relative to `apis/3.0/`,
 * typed by the caller. The HTTP adapter (shared/connectwise/) implements it; it owns auth,
 * codebase discovery, paging, timeouts and retries, and throws the errors in
 * shared/connectwise/errors.ts (all `BridgeError`s, so `retryable` says what to do).
 */

/** One JSON Patch-style operation, the body ConnectWise expects for PATCH. */
export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

/** Query options of every ConnectWise list endpoint. */
export interface ListOptions {
  /** Built with the conditions builder, never by string concatenation of user data. */
  readonly conditions?: string;
  readonly childConditions?: string;
  readonly orderBy?: string;
  /** Comma-separated field list to cut response size, e.g. `id,name`. */
  readonly fields?: string;
  /** 1..1000; the adapter defaults to 1000 when walking every page. */
  readonly pageSize?: number;
  /** Stop after this many records. */
  readonly limit?: number;
}

/** Connection settings of one partner's ConnectWise tenant. */
export interface ConnectWiseConnection {
  /** e.g. `https://na.myconnectwise.net`; must be https and public (see the siteUrl guard). */
  readonly siteUrl: string;
  readonly companyId: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly clientId: string;
}

export interface ConnectWiseApi {
  get<T>(path: string, query?: Record<string, string | number | boolean>): Promise<T>;
  /** Every record across pages (follows `Link rel="next"`), up to `options.limit`. */
  list<T>(path: string, options?: ListOptions): Promise<T[]>;
  post<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, operations: readonly PatchOperation[]): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}
