/**
 * midtrans-client 1.4.3 ships no types and @types/midtrans-client is too
 * narrow to be useful, so this types only what src/midtrans/gateway.ts uses.
 * Everything the library hands back is `unknown` until our code has checked it.
 */
declare module 'midtrans-client' {
  interface ClientOptions {
    isProduction?: boolean;
    serverKey?: string;
    clientKey?: string;
  }

  class ApiConfig {
    getSnapApiBaseUrl(): string;
  }

  /** The slice of axios's request config our interceptor touches. */
  interface RequestConfig {
    signal?: AbortSignal;
  }

  /** The library's own axios instance (`axios.create()`). */
  interface AxiosInstanceLike {
    defaults: { timeout?: number };
    interceptors: {
      request: { use(onFulfilled: (config: RequestConfig) => RequestConfig): number };
    };
  }

  class HttpClient {
    http_client: AxiosInstanceLike;
  }

  class Snap {
    constructor(options?: ClientOptions);
    apiConfig: ApiConfig;
    httpClient: HttpClient;
    createTransaction(body: object): Promise<unknown>;
  }

  /**
   * `rawHttpClientData` holds the axios response or error, whose config
   * carries the server key: read from it, never keep or log it.
   */
  class MidtransError extends Error {
    /** A number for HTTP errors, a string when taken from a body's `status_code`, null without a response. */
    httpStatusCode: number | string | null;
    ApiResponse: unknown;
    rawHttpClientData: unknown;
  }

  /** The CommonJS `module.exports`, which is what a default import gets in ESM. */
  const midtransClient: {
    Snap: typeof Snap;
    MidtransError: typeof MidtransError;
  };
  export default midtransClient;
}
