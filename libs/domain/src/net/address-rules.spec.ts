import { classifyAddress, hostRefusal, parseIPv4, parseIPv6, webhookUrlRefusal } from './address-rules';

describe('address rules for webhooks', () => {
  it.each([
    // IPv4, every spelling a resolver or HTTP client may accept
    ['169.254.169.254', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['127.1', 'loopback'],
    ['0', 'unspecified'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:169.254.169.254]', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::', 'loopback'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    'example.org',
    'hooks.videoshare.example',
    '1.2.3.4.5',
    '256.1.1.1',
    '08.1.1.1',
    '1::2::3',
    ':::',
  ])('%s is not an address', (text) => {
    expect(classifyAddress(text)).toBeUndefined();
  });

  it('reads the IPv4 and IPv6 spellings exactly', () => {
    expect(parseIPv4('1.2.3.4')).toBe(0x01020304);
    expect(parseIPv4('1.2.772')).toBe(0x01020304);
    expect(parseIPv4('4294967296')).toBeUndefined();
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIPv6('::ffff:1.2.3.256')).toBeUndefined();
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local address 169.254.169.254 is not allowed'],
    ['http://localhost:8080/hook', 'loopback address localhost is not allowed'],
    ['http://api.localhost/hook', 'loopback address api.localhost is not allowed'],
    ['http://2130706433/hook', 'loopback address 127.0.0.1 is not allowed'],
    ['http://0x7f.1/hook', 'loopback address 127.0.0.1 is not allowed'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback address [::ffff:7f00:1] is not allowed'],
    ['http://[fd00::1]/hook', 'unique-local address [fd00::1] is not allowed'],
    ['http://100.100.100.200/hook', 'cgnat address 100.100.100.200 is not allowed'],
    ['ftp://example.org/hook', 'must be an http or https URL'],
    ['http://user:pw@example.org/hook', 'must not carry credentials'],
    ['https://hooks.videoshare.example/crisis', undefined],
    ['https://93.184.216.34/hook', undefined],
  ])('%s: %s', (url, refusal) => {
    expect(webhookUrlRefusal(url, false)).toBe(refusal);
  });

  it('allows every address when private targets are allowed (tests, on-premises platforms)', () => {
    expect(webhookUrlRefusal('http://127.0.0.1:9/hook', true)).toBeUndefined();
    expect(hostRefusal('169.254.169.254', true)).toBeUndefined();
    expect(hostRefusal('169.254.169.254', false)).toMatch(/link-local/);
  });
});
