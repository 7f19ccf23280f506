/**
 * The userland punycode package (RFC 3492), imported as `punycode/` so that Node's deprecated built-in module of
 * the same name is not loaded. Only what src/ uses is declared.
 */
declare module 'punycode/' {
  /** Decodes the part of an A-label after `xn--`; throws RangeError on invalid input. */
  export function decode(input: string): string;
}
