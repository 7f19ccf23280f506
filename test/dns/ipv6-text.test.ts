import assert from 'node:assert/strict';
import { formatIpv6 } from '../../src/dns/ipv6-text';

describe('dns/ipv6-text formatIpv6 (RFC 5952)', () => {
  it('compresses the longest run of zero groups, the first on a tie, and never a single zero group', () => {
    assert.equal(formatIpv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), '2001:db8::1');
    assert.equal(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
    assert.equal(formatIpv6([0x2001, 0, 0, 1, 0, 0, 0, 1]), '2001:0:0:1::1');
    assert.equal(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1');
  });
  it('handles the all-zero, leading and trailing runs, and writes lower-case hex without leading zeros', () => {
    assert.equal(formatIpv6([0, 0, 0, 0, 0, 0, 0, 0]), '::');
    assert.equal(formatIpv6([0, 0, 0, 0, 0, 0, 0, 1]), '::1');
    assert.equal(formatIpv6([0x2a01, 0x111, 0xf400, 0, 0, 0, 0, 0]), '2a01:111:f400::');
    assert.equal(formatIpv6([0xABCD, 0x00ef, 1, 2, 3, 4, 5, 6]), 'abcd:ef:1:2:3:4:5:6');
  });
});
