// The parts of autocannon 9 the load benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface RawRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  interface RequestSpec extends RawRequest {
    setupRequest?: (request: RawRequest, context: Record<string, unknown>) => RawRequest;
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }
  interface Options {
    url: string; connections?: number; duration?: number; amount?: number; pipelining?: number; timeout?: number; overallRate?: number;
    method?: string; headers?: Record<string, string>; requests?: RequestSpec[]; initialContext?: Record<string, unknown>;
  }
  interface Histogram { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p99: number; p99_9?: number; total: number }
  interface Result {
    latency: Histogram; requests: Histogram; throughput: Histogram; errors: number; timeouts: number; non2xx: number;
    duration: number; '2xx': number; '4xx': number; '5xx': number; statusCodeStats?: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
